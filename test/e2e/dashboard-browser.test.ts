import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { blockHash } from '../../src/core/change-request/block-hash.ts';
import { findChangeBlock } from '../../src/core/change-request/find-change-block.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import type { HistoryEvent } from '../../src/core/history/history-entry.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { signedHistoryBodies } from '../support/signed-history-bodies.ts';
import { appKey, editPayload } from '../unit/history/history-fixtures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = new URL('../../', import.meta.url).pathname;
const SCREENSHOT = join(ROOT, 'test-artifacts', 'dashboard.png');
const SCREENSHOT_TOP = join(ROOT, 'test-artifacts', 'dashboard-top.png');
const at = (month: number, day: number, hour = 0) =>
  new Date(Date.UTC(2026, month - 1, day, hour)).toISOString();
const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

const CONFIG = `change_management:
  maintenance_windows:
    - name: Saturday night
      timezone: UTC
      recurring: { days: [sat], from: "02:00", to: "06:00" }
  freeze_windows:
    - name: Quarter close
      timezone: UTC
      start: "2026-03-30T00:00"
      end: "2026-04-01T00:00"
`;

const body = (fields: string) => `Plan below.\n\n\`\`\`yaml\nchange_request:\n${fields}\`\`\`\n`;

interface Step {
  event: HistoryEvent;
  at: string;
  data?: Record<string, unknown>;
}

const submitted = (when: string, title: string, priority: string, changeType: string): Step => ({
  event: 'submitted',
  at: when,
  data: { title, level: priority, priority, change_type: changeType },
});
const approved = (when: string): Step => ({ event: 'approved', at: when, data: { role: 'change-manager' } });
const deployed = (event: HistoryEvent, when: string, deploymentId: number): Step => ({
  event,
  at: when,
  data: { environment: 'production', production: true, deployment_id: deploymentId },
});

/**
 * The HTML dashboard of acme/shop for March 2026, from changes seeded in the simulator as the app's bot
 * writes them (signed with a test key), opened in headless Chromium. Figures computed by hand:
 * - one (high security): approval Mar 2 10:00 → Mar 3 04:00 = 18h; implementation 10:00 → 12:00 = 2h, completed;
 *   scheduled Mar 3 10:00 (its block as recorded).
 * - two (medium feature): approval 6h; implementation Mar 6 09:00 → rolled back 13:00 = 4h.
 * - overdue (low bugfix): pending since Mar 20 00:00, low = 7d → deadline Mar 27 00:00; escalated once;
 *   at the end of March (Apr 1 00:00) 5d late.
 * - scheduled (medium infrastructure, hostile title): approval Mar 25 09:00 → 12:00 = 3h; open (approved);
 *   scheduled Apr 4 02:00 (as recorded).
 * - fresh (high security): pending since Mar 31 12:00, high = 24h → deadline Apr 1 12:00, on time; its body
 *   was edited after submission to schedule Apr 10 02:00: shown as not reviewed.
 * - tampered: an approval comment edited by an admin: not counted.
 * So 5 changes: pending 2, approved 1, completed 1, rolled back 1; high 2, medium 2, low 1; approval
 * (18h + 6h + 3h) / 3 = 9h, high 18h, medium 4h 30m; implementation (2h + 4h) / 2 = 3h; success 1 of 2 = 50%
 * (not met, >95%), rollback 50% (not met, <5%), emergency 0% (met, <10%).
 * Calendar Mar 1 → May 1: 3 implementations, 8 Saturday windows (Mar 7 … Apr 25), 1 freeze = 12 entries.
 */
describe.skipIf(!existsSync(CHROMIUM))('the HTML dashboard in headless Chromium', () => {
  // The changes are opened on Mar 1, before their histories (a report reads the changes created before the end
  // of its period); the clock then moves to Apr 1.
  let simNow = at(3, 1);
  const sim = createGitHubSimulator({ openapi: true, now: () => new Date(simNow) });
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-dashboard-'));
  const publicKey = join(dir, 'app.pub.pem');
  const signer = createSigner(appKey.pkcs1);
  const ids: Record<string, string> = {};
  let env: Record<string, string>;
  let browser: Browser;
  let report: {
    by_status: Record<string, number>;
    by_priority: Record<string, number>;
    by_type: Record<string, number>;
    metrics: Array<{ name: string; unit: string; value: number | null; target: { value: number } | null }>;
  };

  const seed = async (options: {
    name: string;
    steps: Step[];
    body?: string;
    /** The body the issue shows now, when it was edited after the history recorded `body`. */
    editedBody?: string;
    tamper?: boolean;
  }) => {
    const repo = 'acme/shop';
    const { number } = await sim
      .as('admin')
      .createIssue({ repo, title: options.name, body: options.body ?? null, labels: ['change'] });
    const changeId = changeIdOf({ createdAt: sim.read.issue({ repo, number }).created_at, number });
    ids[options.name] = changeId;
    const found = options.body === undefined ? null : findChangeBlock(options.body);
    const bodies = signedHistoryBodies(
      signer,
      options.steps.map((step) => ({
        draft: {
          event: step.event,
          change_id: changeId,
          actor: step.event === 'escalated' ? 'change-gate[bot]' : 'someone',
          head_sha: null,
          block_hash: found === null ? null : blockHash(found.text),
          data: { repository: repo, number, ...step.data },
        },
        at: step.at,
      })),
    );
    const commentIds = sim.seedComments({ repo, number, author: 'change-gate[bot]', bodies });
    if (options.editedBody !== undefined)
      await sim.as('admin').editIssue({ repo, number, body: options.editedBody });
    if (options.tamper)
      await sim.as('admin').editComment({
        repo,
        commentId: commentIds[1]!,
        body: editPayload(bodies[1]!, (json) => json.replace('"someone"', '"admin"')),
      });
  };

  const cli = (format: string, extra: string[] = []) =>
    runCliProcess(
      [
        'report',
        '--repo',
        'acme/shop',
        '--period',
        '2026-03',
        '--public-key',
        publicKey,
        '--format',
        format,
        ...extra,
      ],
      env,
    );

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    sim.createRepo({ owner: 'acme', name: 'shop', files: { '.github/change-management.yml': CONFIG } });
    writeFileSync(publicKey, appKey.spki);
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
    await seed({
      name: 'one',
      body: body('  title: Rotate TLS keys\n  scheduled_time: "2026-03-03T10:00:00Z"\n'),
      steps: [
        submitted(at(3, 2, 10), 'Rotate TLS keys', 'high', 'security'),
        approved(at(3, 3, 4)),
        deployed('implementing', at(3, 3, 10), 101),
        deployed('completed', at(3, 3, 12), 101),
      ],
    });
    await seed({
      name: 'two',
      steps: [
        submitted(at(3, 5, 9), 'New checkout page', 'medium', 'feature'),
        approved(at(3, 5, 15)),
        deployed('implementing', at(3, 6, 9), 102),
        deployed('rolled_back', at(3, 6, 13), 102),
      ],
    });
    await seed({
      name: 'overdue',
      steps: [
        submitted(at(3, 20), 'Fix invoice rounding', 'low', 'bugfix'),
        { event: 'escalated', at: at(3, 27), data: { overdue: 'approval', level: 'low', period: 1 } },
      ],
    });
    await seed({
      name: 'scheduled',
      body: body('  title: Move the database\n  scheduled_time: "2026-04-04T02:00:00Z"\n'),
      steps: [submitted(at(3, 25, 9), HOSTILE, 'medium', 'infrastructure'), approved(at(3, 25, 12))],
    });
    await seed({
      name: 'fresh',
      body: body('  title: Enable MFA\n'),
      editedBody: body('  title: Enable MFA\n  scheduled_time: "2026-04-10T02:00:00Z"\n'),
      steps: [submitted(at(3, 31, 12), 'Enable MFA', 'high', 'security')],
    });
    await seed({
      name: 'tampered',
      steps: [submitted(at(3, 7), 'Tampered', 'low', 'bugfix'), approved(at(3, 7, 2))],
      tamper: true,
    });
    simNow = at(4, 1);
    const json = await cli('json');
    expect(json.code).toBe(1);
    report = JSON.parse(json.stdout);
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (file: string) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Anything but the page itself would be a network request: refuse it (and it is recorded above).
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-charts') === 'drawn');
    return { page, requests, problems };
  };

  const column = (page: Page, table: string, index: number) =>
    page.locator(`#${table} tbody tr td:nth-child(${index})`).allInnerTexts();

  const chartData = (page: Page, id: string) =>
    page.evaluate((canvasId) => {
      const chart = (
        window as unknown as { Chart: { getChart: (c: unknown) => { data: unknown } } }
      ).Chart.getChart(document.getElementById(canvasId));
      return JSON.parse(JSON.stringify(chart.data)) as {
        labels: string[];
        datasets: Array<{ label: string; data: Array<number | null>; backgroundColor: string | string[] }>;
      };
    }, id);

  it("shows the report's figures in its tables and charts, open and overdue changes and the calendar, offline", async () => {
    const file = join(dir, 'site', 'index.html');
    mkdirSync(join(dir, 'site'));
    const result = await cli('html', ['--output', file]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`change-gate report: wrote ${file}\n`);
    expect(result.code).toBe(1);
    const { page, requests, problems } = await open(file);
    try {
      // Cards and the procedure's fields.
      expect(await page.locator('#card-total .value').textContent()).toBe('5');
      expect(await page.locator('#card-open .value').textContent()).toBe('3');
      expect(await page.locator('#card-overdue .value').textContent()).toBe('1');
      expect(await page.locator('#card-not-counted .value').textContent()).toBe('1');
      expect(await column(page, 'procedure-fields', 2)).toEqual(['2026-03', '5', '9h', '3h']);

      // Counts: the tables and the charts say what the JSON report says, which is what was computed by hand.
      expect(report.by_status).toMatchObject({ pending: 2, approved: 1, completed: 1, rolled_back: 1 });
      expect(report.by_priority).toEqual({ critical: 0, high: 2, medium: 2, low: 1 });
      expect(report.by_type).toMatchObject({ security: 2, feature: 1, bugfix: 1, infrastructure: 1 });
      for (const [id, counts] of [
        ['status', report.by_status],
        ['priority', report.by_priority],
        ['type', report.by_type],
      ] as const) {
        expect(await column(page, `by-${id}`, 1)).toEqual(Object.keys(counts));
        expect(await column(page, `by-${id}`, 2)).toEqual(Object.values(counts).map(String));
        const chart = await chartData(page, `chart-${id}`);
        expect(chart.labels).toEqual(Object.keys(counts));
        expect(chart.datasets[0]?.data).toEqual(Object.values(counts));
      }

      // Metrics against targets: values and targets as the report has them; met green, not met red, in words too.
      const rates = await chartData(page, 'chart-rates');
      expect(rates.labels).toEqual([
        'Change success rate (not met)',
        'Change failure rate (no target)',
        'Rollback rate (not met)',
        'Emergency change rate (met)',
      ]);
      expect(rates.datasets[0]?.data).toEqual([50, 0, 50, 0]);
      expect(rates.datasets[1]?.data).toEqual([95, null, 5, 10]);
      expect(rates.datasets[0]?.backgroundColor).toEqual(['#cf222e', '#57606a', '#cf222e', '#1a7f37']);
      const percents = report.metrics.filter((metric) => metric.unit === 'percent');
      expect(rates.datasets[0]?.data).toEqual(percents.map((metric) => metric.value));
      const durations = await chartData(page, 'chart-durations');
      expect(durations.labels).toEqual([
        'Average approval time (no target)',
        'Average approval time (critical priority) (n/a)',
        'Average approval time (high priority) (met)',
        'Average approval time (medium priority) (no target)',
        'Average approval time (low priority) (n/a)',
        'Average implementation time (met)',
      ]);
      expect(durations.datasets[0]?.data).toEqual([9, null, 18, 4.5, null, 3]);
      expect(durations.datasets[1]?.data).toEqual([null, null, 24, null, null, 4]);
      expect(await column(page, 'metrics-table', 4)).toEqual([
        '✗ not met',
        'no target',
        'no target',
        'no target',
        '✓ met',
        'no target',
        'no target',
        '✓ met',
        '✗ not met',
        '✓ met',
      ]);
      const dora = await column(page, 'dora-table', 2);
      expect(dora[0]).toBe('0.032/day (0.23/week)');
      expect(dora[1]).toBe('26h');
      expect(dora[2]).toBe('50%');

      // Open and overdue changes at the end of March.
      expect(await column(page, 'open-changes', 1)).toEqual([
        `${ids.overdue} acme/shop#3`,
        `${ids.fresh} acme/shop#5`,
        `${ids.scheduled} acme/shop#4`,
      ]);
      expect(await column(page, 'open-changes', 3)).toEqual(['pending', 'pending', 'approved']);
      expect(await column(page, 'open-changes', 6)).toEqual([
        '2026-03-27 00:00 UTC',
        '2026-04-01 12:00 UTC',
        '—',
      ]);
      expect(await column(page, 'open-changes', 7)).toEqual(['overdue by 5d', 'on time', '—']);
      expect(await column(page, 'open-changes', 8)).toEqual(['1', '0', '0']);

      // The calendar: scheduled implementations, 8 Saturday windows and the freeze, in order.
      const kinds = await column(page, 'calendar-table', 3);
      expect(kinds.filter((kind) => kind === 'implementation')).toHaveLength(3);
      expect(kinds.filter((kind) => kind === 'maintenance')).toHaveLength(8);
      expect(kinds.filter((kind) => kind === 'freeze')).toHaveLength(1);
      const starts = await column(page, 'calendar-table', 1);
      expect(starts.slice(0, 2)).toEqual(['2026-03-03 10:00 UTC', '2026-03-07 02:00 UTC']);
      expect(starts).toContain('2026-03-30 00:00 UTC');
      const what = await column(page, 'calendar-table', 4);
      expect(what.find((text) => text.includes(ids.fresh!))).toContain('not reviewed');
      expect(what.find((text) => text.includes(ids.one!))).not.toContain('not reviewed');

      // A hostile title is text: no script ran, no image was made, the words are shown as written.
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      expect(await column(page, 'changes-table', 3)).toContain(HOSTILE);
      expect(await column(page, 'not-counted-table', 1)).toEqual([ids.tampered]);

      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      // The top of the page, as the README shows it (docs/images/dashboard.png is a copy of this one).
      await page.screenshot({
        path: SCREENSHOT_TOP,
        fullPage: true,
        clip: { x: 0, y: 0, width: 1400, height: 1640 },
      });
      expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('the packaged CLI (dist/cli.js, run with nothing beside it) writes the same page', {
    timeout: 120_000,
  }, async () => {
    const bundle = join(dir, 'bundle', 'cli.js');
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.ts'), bundle], { cwd: ROOT, stdio: 'pipe' });
    const { execFile } = await import('node:child_process');
    const html = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [
          bundle,
          'report',
          '--repo',
          'acme/shop',
          '--period',
          '2026-03',
          '--public-key',
          publicKey,
          '--format',
          'html',
        ],
        { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 8 << 20 },
        (error, stdout) =>
          error && (error as { code?: number }).code !== 1 ? reject(error) : resolve(stdout),
      ),
    );
    const fromSources = await cli('html');
    expect(html).toBe(fromSources.stdout);
    expect(html).toContain('Chart.js v4');
  });
});
