import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { appKey } from '../unit/history/history-fixtures.ts';
import { plannedHistory, seedSignedChanges } from './support/seed-signed-changes.ts';

const DAY = 86_400_000;
const SHOP_CHANGES = 10_000;
const START = Date.UTC(2025, 9, 1);
/** 10,000 changes from Oct 1 2025 to the end of March 2026, one every 1,572 s. */
const SPACING = 1_572_000;
const MARCH = { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) };

const opened = (index: number) => START + index * SPACING;
const inMarch = (time: number) => time >= MARCH.from && time < MARCH.to;

/**
 * `change-gate report --org` over 10,000 changes against the simulator: every change read (figures counted by
 * the seeding rule), in windows GitHub's 1,000-result search allows, within 20 API calls per 1,000 changes.
 */
describe('change-gate report at scale and across an organization', () => {
  const sim = createGitHubSimulator({ openapi: true, now: () => new Date(Date.UTC(2026, 3, 2)) });
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-report-scale-'));
  const publicKey = join(dir, 'app.pub.pem');
  let env: Record<string, string>;

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    sim.createOrg({ login: 'burst', members: ['admin'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    // The owner's .github: the targets of the organization's report, and the config of shop (which has none).
    sim.createRepo({
      owner: 'acme',
      name: '.github',
      files: {
        '.github/change-management.yml':
          'change_management:\n  metrics:\n    targets:\n      change_success_rate: 90\n',
      },
    });
    sim.createRepo({ owner: 'acme', name: 'shop' });
    sim.createRepo({
      owner: 'acme',
      name: 'ops',
      files: { '.github/change-management.yml': 'change_management:\n  label: cr\n' },
    });
    sim.createRepo({ owner: 'burst', name: 'import' });
    writeFileSync(publicKey, appKey.spki);
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
    const signer = createSigner(appKey.pkcs1);
    seedSignedChanges({
      sim,
      repo: 'acme/shop',
      author: 'admin',
      signer,
      count: SHOP_CHANGES,
      start: START,
      spacingMs: SPACING,
    });
    // ops labels its changes `cr`: three in March count; its one `change`-labelled issue is not a change there.
    const marchStart = { start: MARCH.from + DAY, spacingMs: DAY, author: 'admin', signer, sim };
    seedSignedChanges({ ...marchStart, repo: 'acme/ops', count: 3, label: 'cr' });
    seedSignedChanges({ ...marchStart, repo: 'acme/ops', count: 1, label: 'change' });
    // 1,001 issues opened in one second: no window of GitHub's search can hold them.
    sim.seedIssues({
      repo: 'burst/import',
      author: 'admin',
      issues: Array.from({ length: 1_001 }, (_, index) => ({
        title: `Imported ${index}`,
        labels: ['change'],
        createdAt: new Date(MARCH.from).toISOString(),
        comments: [
          { author: 'admin', body: 'imported', createdAt: new Date(MARCH.from + DAY).toISOString() },
        ],
      })),
    });
  }, 240_000);
  afterEach(() => sim.assertNoViolations());
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads 10,004 changes whole within 20 API calls per 1,000, and counts them as the seeding rule says', async () => {
    const mark = sim.mark();
    const result = await runCliProcess(
      ['report', '--org', 'acme', '--period', '2026-03', '--public-key', publicKey, '--format', 'json'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);

    // By hand, from the seeding rule: shop's changes opened in March, plus ops's three `cr` changes (low,
    // medium… by index 0, 1, 2: critical, high, medium), escalated when index % 4 = 0.
    const shop = Array.from({ length: SHOP_CHANGES }, (_, index) => index).filter((index) =>
      inMarch(opened(index)),
    );
    const priorities = { critical: 1, high: 1, medium: 1, low: 0 };
    for (const index of shop) {
      const priority = plannedHistory(index)[0]?.data?.priority as keyof typeof priorities;
      priorities[priority] += 1;
    }
    const escalated =
      shop.filter((index) => index % 4 === 0 && inMarch(opened(index) + 3_600_000)).length + 1;
    expect(report.total_changes).toBe(shop.length + 3);
    expect(report.by_priority).toEqual(priorities);
    expect(report.by_status).toMatchObject({ approved: shop.length + 3 });
    expect(report.average_approval_time).toBe('2h');
    expect(report.not_counted.total).toBe(0);
    expect(
      report.changes.filter((change: { repository: string }) => change.repository === 'acme/ops'),
    ).toHaveLength(3);
    expect(report.escalations).toMatchObject({ total: escalated, changes: escalated });
    // Targets from acme/.github.
    expect(
      report.metrics.find((metric: { name: string }) => metric.name === 'change_success_rate').target.display,
    ).toBe('>90%');
    // The trend, October to March, read by the same windows.
    const perMonth = [9, 10, 11, 0, 1, 2].map((month, index) => {
      const year = index < 3 ? 2025 : 2026;
      const from = Date.UTC(year, month, 1);
      const to = Date.UTC(year, month + 1, 1);
      return Array.from({ length: SHOP_CHANGES }, (_, i) => opened(i)).filter(
        (time) => time >= from && time < to,
      ).length;
    });
    perMonth[5] = (perMonth[5] as number) + 3;
    expect(report.trend.months.map((month: { changes: number }) => month.changes)).toEqual(perMonth);
    expect(perMonth.reduce((sum, count) => sum + count, 0)).toBe(SHOP_CHANGES + 3);

    // The budget, counted by the simulator: every request the report made.
    const requests = sim.requestsSince(mark);
    const searches = requests.filter((request) => request.graphqlOperationName === 'ReportChanges').length;
    const changesRead = SHOP_CHANGES + 4;
    expect(searches).toBeGreaterThanOrEqual(Math.ceil(changesRead / 100));
    expect(requests.length).toBeLessThanOrEqual((20 * changesRead) / 1_000);
    console.log(
      `report --org over ${changesRead} changes: ${requests.length} API calls (${searches} searches), ${((1_000 * requests.length) / changesRead).toFixed(1)} per 1,000 changes`,
    );
  }, 240_000);

  it('fails with a clear message rather than report on part of the changes', async () => {
    const result = await runCliProcess(
      ['report', '--org', 'burst', '--period', '2026-03', '--public-key', publicKey, '--format', 'json'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('change-gate report: cannot read the repositories of burst:');
    expect(result.stderr).toContain(
      "1001 changes were created from 2026-03-01T00:00:00Z to 2026-03-01T00:00:01Z: more than the 1000 GitHub's search returns for one second",
    );
  }, 120_000);
});
