import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { blockKitHtml } from '../../scripts/block-kit-html.ts';
import { SAMPLE } from '../../scripts/render-slack-preview.ts';
import { slackMessage } from '../../src/core/notify/slack-message.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the Slack message as the README shows it, in a real browser', () => {
  test('the picture in the README exists and is a PNG', () => {
    const png = readFileSync('docs/images/slack-message.png');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(readFileSync('README.md', 'utf8')).toContain('](docs/images/slack-message.png)');
  });

  // Skipped (and named so) only where Chromium is not installed: .ci/run installs it.
  test.skipIf(!existsSync(CHROMIUM))(
    'Chromium draws the header, the linked ID and the four fields; a hostile title stays text',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM });
      try {
        const page = await browser.newPage();
        await page.setContent(blockKitHtml(slackMessage(SAMPLE)));
        expect(await page.locator('h1').textContent()).toBe('CHG-2026-004 submitted for approval');
        expect(await page.locator('a').getAttribute('href')).toBe('https://github.com/acme/web/pull/4');
        const fields = await page.locator('.field').allInnerTexts();
        expect(fields).toEqual([
          'Priority\nhigh',
          'Status\nPending approval',
          'Who must act\nsecurity-team, engineering-manager, change-manager',
          'Deadline\n2026-12-01 10:00 UTC',
        ]);

        await page.setContent(
          blockKitHtml(
            slackMessage({ ...SAMPLE, title: '<https://evil.example|x> <img src=x onerror=alert(1)>' }),
          ),
        );
        expect(await page.locator('a').count()).toBe(1);
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('.text').textContent()).toContain(
          '<https://evil.example|x> <img src=x onerror=alert(1)>',
        );
      } finally {
        await browser.close();
      }
    },
  );
});
