/**
 * Draws the Slack message of a submitted change (from its Block Kit JSON) in Chromium and saves
 * docs/images/slack-message.png for the README: `node scripts/render-slack-preview.ts`.
 * Chromium: Debian's `chromium` (or CHROMIUM_PATH).
 */
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { slackMessage } from '../src/core/notify/slack-message.ts';
import { blockKitHtml } from './block-kit-html.ts';

export const SAMPLE = {
  id: 'sample',
  event: 'submitted' as const,
  changeId: 'CHG-2026-004',
  repository: 'acme/web',
  number: 4,
  url: 'https://github.com/acme/web/pull/4',
  title: 'Implement MFA for Admin Access',
  priority: 'high',
  status: 'Pending approval',
  actor: 'dana',
  at: '2026-11-30T10:00:00.000Z',
  mustAct: ['security-team', 'engineering-manager', 'change-manager'],
  deadline: '2026-12-01T10:00:00.000Z',
  summary: 'CHG-2026-004 submitted by dana — needs security-team, engineering-manager, change-manager',
};

export const renderSlackPreview = async (path: string): Promise<void> => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 300 }, deviceScaleFactor: 2 });
    await page.setContent(blockKitHtml(slackMessage(SAMPLE)));
    writeFileSync(path, await page.locator('body').screenshot());
  } finally {
    await browser.close();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await renderSlackPreview('docs/images/slack-message.png');
  process.stdout.write('wrote docs/images/slack-message.png\n');
}
