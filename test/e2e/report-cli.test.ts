import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import type { HistoryEvent } from '../../src/core/history/history-entry.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { signedHistoryBodies } from '../support/signed-history-bodies.ts';
import { appKey, editPayload } from '../unit/history/history-fixtures.ts';

const report = (args: string[], env: Record<string, string>) => runCliProcess(['report', ...args], env);
const mar = (day: number, hour = 0) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

interface Step {
  event: HistoryEvent;
  at: string;
  actor: string;
  data?: Record<string, unknown>;
}

const submitted = (at: string, priority: string, changeType: string): Step => ({
  event: 'submitted',
  at,
  actor: 'requester',
  data: { title: `Change of ${at}`, level: priority, priority, change_type: changeType },
});
const approved = (at: string): Step => ({
  event: 'approved',
  at,
  actor: 'approver',
  data: { role: 'change-manager' },
});
const deployed = (event: 'implementing' | 'completed', at: string, deploymentId: number): Step => ({
  event,
  at,
  actor: 'deployer',
  data: { environment: 'production', production: true, deployment_id: deploymentId },
});

/**
 * `change-gate report` against the simulator: changes labelled `change` in acme/shop, their history comments
 * seeded as the app's bot writes them (signed with a test key), figures computed by hand below.
 */
describe('change-gate report against the simulator', () => {
  const sim = createGitHubSimulator({ openapi: true, now: () => new Date(mar(20)) });
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-report-'));
  const publicKey = join(dir, 'app.pub.pem');
  const signer = createSigner(appKey.pkcs1);
  let env: Record<string, string>;
  const ids: Record<string, string> = {};

  const seedChange = async (name: string, steps: Step[], tamper = false, repo = 'acme/shop', padding = 0) => {
    const { number } = await sim.as('admin').createIssue({ repo, title: name, labels: ['change'] });
    const changeId = changeIdOf({ createdAt: sim.read.issue({ repo, number }).created_at, number });
    if (padding > 0)
      sim.seedComments({
        repo,
        number,
        author: 'admin',
        bodies: Array.from({ length: padding }, (_, index) => `comment ${index + 1}`),
      });
    ids[name] = changeId;
    const bodies = signedHistoryBodies(
      signer,
      steps.map((step) => ({
        draft: {
          event: step.event,
          change_id: changeId,
          actor: step.actor,
          head_sha: null,
          block_hash: null,
          data: { repository: repo, number, ...step.data },
        },
        at: step.at,
      })),
    );
    const commentIds = sim.seedComments({ repo, number, author: 'change-gate[bot]', bodies });
    if (tamper)
      await sim.as('admin').editComment({
        repo,
        commentId: commentIds[1]!,
        body: editPayload(bodies[1]!, (json) => json.replace('"approver"', '"admin"')),
      });
  };

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    sim.createRepo({ owner: 'acme', name: 'shop' });
    writeFileSync(publicKey, appKey.spki);
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
    // high security: approval Mar 2 10:00 → Mar 3 04:00 = 18h; implementation 10:00 → 12:00 = 2h.
    await seedChange('one', [
      submitted(mar(2, 10), 'high', 'security'),
      approved(mar(3, 4)),
      deployed('implementing', mar(3, 10), 101),
      deployed('completed', mar(3, 12), 101),
    ]);
    // medium feature: approval 09:00 → 15:00 = 6h; implementation Mar 6 09:00 → 13:00 = 4h.
    await seedChange('two', [
      submitted(mar(5, 9), 'medium', 'feature'),
      approved(mar(5, 15)),
      deployed('implementing', mar(6, 9), 102),
      deployed('completed', mar(6, 13), 102),
    ]);
    // low bugfix whose approval comment someone edited: not counted.
    await seedChange('tampered', [submitted(mar(7, 0), 'low', 'bugfix'), approved(mar(7, 2))], true);
    // submitted in February: not in March's report.
    await seedChange('february', [
      submitted(new Date(Date.UTC(2026, 1, 10)).toISOString(), 'low', 'feature'),
    ]);
  });
  afterEach(() => sim.assertNoViolations());
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("computes March's figures from the verified histories and sets the tampered change apart (exit 1)", async () => {
    const json = await report(
      ['--repo', 'acme/shop', '--period', '2026-03', '--public-key', publicKey, '--format', 'json'],
      env,
    );
    expect(json.stderr).toBe('change-gate report: 1 change(s) not counted: their history does not verify\n');
    expect(json.code).toBe(1);
    const figures = JSON.parse(json.stdout);
    expect(figures).toMatchObject({
      report_period: '2026-03',
      total_changes: 2,
      average_approval_time: '12h',
      average_implementation_time: '3h',
    });
    expect(figures.by_priority).toMatchObject({ critical: 0, high: 1, medium: 1, low: 0 });
    expect(figures.by_type).toMatchObject({ security: 1, feature: 1 });
    expect(figures.changes.map((change: { change_id: string }) => change.change_id)).toEqual([
      ids.one,
      ids.two,
    ]);
    expect(figures.not_counted.total).toBe(1);
    expect(figures.not_counted.changes[0]).toMatchObject({ change_id: ids.tampered });
    expect(figures.not_counted.changes[0].reasons.join(' ')).toContain('tampered');

    const csv = await report(
      ['--repo', 'acme/shop', '--period', '2026-03', '--public-key', publicKey, '--format', 'csv'],
      env,
    );
    expect(csv.code).toBe(1);
    // The three formats agree.
    expect(csv.stdout).toContain('report,total_changes,2,2,');
    expect(csv.stdout).toContain('report,average_approval_time,,12h,');
    expect(csv.stdout).toContain('report,average_implementation_time,,3h,');
    expect(csv.stdout).toContain(`not_counted,acme/shop#3,,${ids.tampered},`);
    expect(csv.stdout).not.toContain(ids.february);

    const markdown = await report(
      ['--repo', 'acme/shop', '--period', '2026-03', '--public-key', publicKey],
      env,
    );
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('```mermaid');
    expect(markdown.stdout).toContain('| Total changes | 2 |');
    expect(markdown.stdout).toContain('| Average approval time | 12h |');
    expect(markdown.stdout).toContain('| Average implementation time | 3h |');
    // Markdown escapes user text (`CHG\-2026\-003`).
    const plain = markdown.stdout.replaceAll('\\', '');
    expect(plain).toContain('### Not counted: history does not verify');
    expect(plain).toContain(ids.tampered);
    expect(plain).not.toContain(ids.february);
  });

  it('exits 0 when every change of the period verifies', async () => {
    const result = await report(
      [
        '--repo',
        'acme/shop',
        '--from',
        mar(1),
        '--to',
        mar(7),
        '--public-key',
        publicKey,
        '--format',
        'json',
      ],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total_changes: 2, not_counted: { total: 0 } });
  });

  it('reads a change whose thread is longer than a page to its end, in few requests', async () => {
    sim.createRepo({ owner: 'acme', name: 'long' });
    await seedChange(
      'short',
      [submitted(mar(10, 9), 'medium', 'feature'), approved(mar(10, 11))],
      false,
      'acme/long',
    );
    await seedChange(
      'long',
      [submitted(mar(11, 9), 'high', 'security'), approved(mar(11, 13))],
      false,
      'acme/long',
      250,
    );
    const mark = sim.mark();
    const result = await report(
      ['--repo', 'acme/long', '--period', '2026-03', '--public-key', publicKey, '--format', 'json'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total_changes: 2, average_approval_time: '3h' });
    // The repository with its config (none: the owner's .github fallback is read, absent too), one search
    // page, and the long thread's 3 pages.
    expect(
      sim.requestsSince(mark).map((entry) => entry.graphqlOperationName ?? `${entry.method} ${entry.path}`),
    ).toEqual([
      'ReportRepository',
      'GET /repos/acme/.github/contents/.github%2Fchange-management.yml',
      'ReportChanges',
      'ChangeComments',
      'ChangeComments',
      'ChangeComments',
    ]);
  });

  it('exits 2 for an invalid config, a missing repository and a bad period', async () => {
    sim.createRepo({
      owner: 'acme',
      name: 'broken',
      files: { '.github/change-management.yml': 'change_management:\n  label: 42\n' },
    });
    const broken = await report(
      ['--repo', 'acme/broken', '--period', '2026-03', '--public-key', publicKey],
      env,
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      'change-gate report: acme/broken:.github/change-management.yml is not valid: label: expected a string',
    );
    const missing = await report(
      ['--repo', 'acme/nope', '--period', '2026-03', '--public-key', publicKey],
      env,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('change-gate report: cannot read acme/nope');
    const period = await report(['--repo', 'acme/shop', '--period', 'March', '--public-key', publicKey], env);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('is not a month');
  });

  it("the action's command: report writes the same figures to the job summary and a JSON file", async () => {
    const result = await runAction({
      apiUrl: sim.apiUrl,
      token: env.GITHUB_TOKEN!,
      repository: 'acme/shop',
      sha: 'a'.repeat(40),
      inputs: {
        command: 'report',
        period: '2026-03',
        'public-key': appKey.spki,
        'report-file': 'out/march.json',
      },
      readFiles: ['out/march.json', 'change-report.md'],
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({
      'report-file': 'out/march.json',
      'total-changes': '2',
      'not-counted': '1',
    });
    const figures = JSON.parse(result.files['out/march.json'] ?? 'null');
    expect(figures).toMatchObject({
      report_period: '2026-03',
      total_changes: 2,
      average_approval_time: '12h',
    });
    expect(figures.not_counted.changes[0]).toMatchObject({ change_id: ids.tampered });
    expect(result.summary).toContain('| Total changes | 2 |');
    expect(result.summary).toContain('```mermaid');
    expect(result.files['change-report.md']?.trimEnd()).toBe(result.summary.trimEnd());
    expect(result.stdout).toContain(`::warning::acme/shop#3 (${ids.tampered}) not counted: `);

    const missingKey = await runAction({
      apiUrl: sim.apiUrl,
      token: env.GITHUB_TOKEN!,
      repository: 'acme/shop',
      sha: 'a'.repeat(40),
      inputs: { command: 'report', period: '2026-03' },
    });
    expect(missingKey.code).toBe(1);
    expect(missingKey.stdout).toContain('input public-key is required for report');
  }, 60_000);
});
