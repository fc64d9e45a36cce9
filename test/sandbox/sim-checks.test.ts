import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

describe('simulator check runs and commit statuses', () => {
  let s: Seeded;
  let otherReceiver: WebhookReceiver;
  let otherToken: string;
  let head: string;
  let number: number;
  beforeAll(async () => {
    s = await startSeededSimulator();
    otherReceiver = await startWebhookReceiver();
    const other = s.sim.registerApp({
      slug: 'impostor',
      permissions: { checks: 'write', statuses: 'write', metadata: 'read' },
      webhookUrl: otherReceiver.url,
    });
    const installation = s.sim.installApp({ app: other.id, account: OWNER });
    otherToken = s.sim.createInstallationToken({ installationId: installation.id });
    ({ number, headSha: head } = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Checks', head: 'checks', files: { c: '1' } }));
  });
  afterAll(async () => {
    await s.stop();
    await otherReceiver.close();
  });
  afterEach(() => s.sim.assertNoViolations());

  it('remembers the app that created a run; another app or a user cannot update it', async () => {
    const { data: run } = await s.appOctokit.checks.create({
      owner: OWNER,
      repo: NAME,
      name: 'Change Gate',
      head_sha: head,
      status: 'in_progress',
      output: { title: 'Pending', summary: 'waiting' },
    });
    expect(run.app).toMatchObject({ id: s.app.id, slug: 'change-gate' });
    expect(run.pull_requests.map((p) => p.number)).toEqual([number]);
    const impostor = await s
      .octokit(otherToken)
      .checks.update({ owner: OWNER, repo: NAME, check_run_id: run.id, conclusion: 'success' })
      .catch((e: { status: number }) => e);
    expect(impostor).toMatchObject({ status: 403 });
    const user = await s.devOctokit.checks
      .update({ owner: OWNER, repo: NAME, check_run_id: run.id, conclusion: 'success' })
      .catch((e: { status: number }) => e);
    expect(user).toMatchObject({ status: 403 });
    const userCreate = await s.devOctokit.checks
      .create({ owner: OWNER, repo: NAME, name: 'Change Gate', head_sha: head })
      .catch((e: { status: number }) => e);
    expect(userCreate).toMatchObject({ status: 403 });
    const { data: still } = await s.appOctokit.checks.get({ owner: OWNER, repo: NAME, check_run_id: run.id });
    expect(still).toMatchObject({ status: 'in_progress', conclusion: null });
    const { data: done } = await s.appOctokit.checks.update({
      owner: OWNER,
      repo: NAME,
      check_run_id: run.id,
      conclusion: 'failure',
      output: { title: 'Rejected', summary: 'no' },
    });
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Rejected' } });
    expect(done.completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('filters runs of a ref by check_name and app_id, so a same-named run of another app is told apart', async () => {
    await s.octokit(otherToken).checks.create({
      owner: OWNER,
      repo: NAME,
      name: 'Change Gate',
      head_sha: head,
      conclusion: 'success',
    });
    const { data: byName } = await s.appOctokit.checks.listForRef({
      owner: OWNER,
      repo: NAME,
      ref: head,
      check_name: 'Change Gate',
    });
    expect(byName.check_runs.map((r) => r.app?.slug).sort()).toEqual(['change-gate', 'impostor']);
    const { data: ours } = await s.appOctokit.checks.listForRef({
      owner: OWNER,
      repo: NAME,
      ref: head,
      check_name: 'Change Gate',
      app_id: s.app.id,
    });
    expect(ours.total_count).toBe(1);
    expect(ours.check_runs[0]?.conclusion).toBe('failure');
    const { data: byBranch } = await s.appOctokit.checks.listForRef({
      owner: OWNER,
      repo: NAME,
      ref: 'checks',
      check_name: 'Change Gate',
    });
    expect(byBranch.total_count).toBe(2);
  });

  it('validates runs as GitHub does: unknown SHA, completed without conclusion, oversized output', async () => {
    const codes = await Promise.all([
      s.appOctokit.checks
        .create({ owner: OWNER, repo: NAME, name: 'x', head_sha: '0'.repeat(40) })
        .catch((e: { status: number }) => e.status),
      s.appOctokit.checks
        .create({ owner: OWNER, repo: NAME, name: 'x', head_sha: head, status: 'completed' })
        .catch((e: { status: number }) => e.status),
      s.appOctokit.checks
        .create({
          owner: OWNER,
          repo: NAME,
          name: 'x',
          head_sha: head,
          output: { title: 't', summary: 's'.repeat(65_536) },
        })
        .catch((e: { status: number }) => e.status),
    ]);
    expect(codes).toEqual([422, 422, 422]);
    // The oversized summary also breaks GitHub's published schema: recorded as the client's fault.
    expect(s.sim.violations.map((v) => [v.kind, v.reason.includes('/output/summary')])).toEqual([
      ['request', true],
    ]);
    s.sim.clearViolations();
  });

  it('sends check_run.rerequested only to the app that owns the run', async () => {
    const [ours] = s.sim.read
      .checkRuns({ repo: REPO, ref: head })
      .filter((r) => r.app?.slug === 'change-gate');
    const before = {
      ours: s.receiver.of('check_run', 'rerequested').length,
      other: otherReceiver.of('check_run', 'rerequested').length,
    };
    await s.sim.as('dev').rerequestCheckRun({ repo: REPO, checkRunId: ours!.id });
    expect(s.receiver.of('check_run', 'rerequested')).toHaveLength(before.ours + 1);
    expect(otherReceiver.of('check_run', 'rerequested')).toHaveLength(before.other);
    const payload = s.receiver.of('check_run', 'rerequested').at(-1)!.payload as {
      check_run: { id: number; app: { id: number } };
    };
    expect(payload.check_run).toMatchObject({ id: ours!.id, app: { id: s.app.id } });
  });

  it('lets anyone set a commit status of any name, and combines the latest per context', async () => {
    await s.octokit(otherToken).repos.createCommitStatus({
      owner: OWNER,
      repo: NAME,
      sha: head,
      state: 'pending',
      context: 'Change Gate',
    });
    await s.octokit(otherToken).repos.createCommitStatus({
      owner: OWNER,
      repo: NAME,
      sha: head,
      state: 'success',
      context: 'Change Gate',
    });
    const { data } = await s.appOctokit.repos.getCombinedStatusForRef({
      owner: OWNER,
      repo: NAME,
      ref: head,
    });
    expect(data).toMatchObject({
      state: 'success',
      total_count: 1,
      statuses: [{ context: 'Change Gate', state: 'success' }],
    });
    const bad = await s
      .octokit(otherToken)
      .repos.createCommitStatus({ owner: OWNER, repo: NAME, sha: head, state: 'great' as 'success' })
      .catch((e: { status: number }) => e);
    expect(bad).toMatchObject({ status: 422 });
    expect(s.sim.violations.map((v) => v.kind)).toEqual(['request']);
    s.sim.clearViolations();
  });
});
