import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

describe('simulator deployment protection rules', () => {
  let s: Seeded;
  let otherToken: string;
  beforeAll(async () => {
    s = await startSeededSimulator();
    s.sim.createEnvironment({ repo: REPO, name: 'production', protectionRuleApps: ['change-gate'] });
    const other = s.sim.registerApp({
      slug: 'other',
      permissions: { deployments: 'write', metadata: 'read' },
    });
    otherToken = s.sim.createInstallationToken({
      installationId: s.sim.installApp({ app: other.id, account: OWNER }).id,
    });
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  const answer = (options: {
    token?: string;
    url: string;
    state: string;
    environment?: string;
    comment?: string;
  }) =>
    s
      .octokit(options.token ?? s.sim.createInstallationToken({ installationId: s.installation.id }))
      .request(`POST ${options.url}`, {
        environment_name: options.environment ?? 'production',
        state: options.state,
        ...(options.comment ? { comment: options.comment } : {}),
      })
      .then((r) => r.status)
      .catch((e: { status: number }) => e.status);

  it('asks the guarding app through deployment_protection_rule.requested and proceeds once it approves', async () => {
    const run = await s.sim
      .as('dev')
      .startDeploymentWorkflow({ repo: REPO, environment: 'production', ref: 'main' });
    expect(run.status).toBe('waiting');
    const requested = s.receiver.of('deployment_protection_rule', 'requested').at(-1)!.payload as {
      deployment_callback_url: string;
      environment: string;
      sha: string;
      deployment: { id: number };
      installation: { id: number };
    };
    expect(requested).toMatchObject({
      environment: 'production',
      sha: s.sim.read.branchSha({ repo: REPO, branch: 'main' }),
      deployment: { id: run.deploymentId },
      installation: { id: s.installation.id },
    });
    expect(requested.deployment_callback_url).toBe(
      `${s.sim.apiUrl}/repos/${REPO}/actions/runs/${run.runId}/deployment_protection_rule`,
    );

    expect(
      await answer({ url: requested.deployment_callback_url, state: 'approved', environment: 'staging' }),
    ).toBe(422);
    expect(
      await answer({ token: otherToken, url: requested.deployment_callback_url, state: 'approved' }),
    ).toBe(404);
    expect(
      await answer({ token: s.users.dev.token, url: requested.deployment_callback_url, state: 'approved' }),
    ).toBe(403);
    expect(s.sim.read.workflowRun({ runId: run.runId }).status).toBe('waiting');
    // The run as one reads it again (the app, before releasing it): waiting, on the commit it deploys.
    const { data: read } = await s
      .octokit(s.users.dev.token)
      .request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
        owner: REPO.split('/')[0]!,
        repo: REPO.split('/')[1]!,
        run_id: run.runId,
      });
    expect(read).toMatchObject({ id: run.runId, status: 'waiting', head_sha: requested.sha });

    expect(
      await answer({
        url: requested.deployment_callback_url,
        state: 'approved',
        comment: 'CHG-2025-001 approved',
      }),
    ).toBe(204);
    await s.sim.settle();
    expect(s.sim.read.workflowRun({ runId: run.runId })).toMatchObject({
      status: 'in_progress',
      protection: [{ state: 'approved', comment: 'CHG-2025-001 approved', respondedAt: expect.any(String) }],
    });
    expect(s.receiver.of('deployment_status', 'created').at(-1)?.payload).toMatchObject({
      deployment_status: { state: 'in_progress' },
      deployment: { id: run.deploymentId },
    });
    expect(await answer({ url: requested.deployment_callback_url, state: 'approved' })).toBe(422);

    await s.sim.as('dev').completeWorkflowRun({ repo: REPO, runId: run.runId, conclusion: 'success' });
    const [deployment] = s.sim.read.deployments({ repo: REPO, environment: 'production' });
    expect(deployment?.statuses.map((st) => st.state)).toEqual(['in_progress', 'success']);
  });

  it('fails the run when the app rejects, and creates no deployment status', async () => {
    const run = await s.sim
      .as('dev')
      .startDeploymentWorkflow({ repo: REPO, environment: 'production', ref: 'main' });
    const url = (
      s.receiver.of('deployment_protection_rule', 'requested').at(-1)!.payload as {
        deployment_callback_url: string;
      }
    ).deployment_callback_url;
    expect(await answer({ url, state: 'rejected', comment: 'not approved: security-team missing' })).toBe(
      204,
    );
    expect(s.sim.read.workflowRun({ runId: run.runId })).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    });
    const deployment = s.sim.read.deployments({ repo: REPO }).find((d) => d.id === run.deploymentId);
    expect(deployment?.statuses).toEqual([]);
  });

  it('runs straight away when no app guards the environment', async () => {
    const run = await s.sim
      .as('dev')
      .startDeploymentWorkflow({ repo: REPO, environment: 'staging', ref: 'main' });
    expect(run.status).toBe('in_progress');
    expect(
      s.receiver
        .of('deployment_protection_rule')
        .filter((r) => (r.payload as { environment: string }).environment === 'staging'),
    ).toEqual([]);
  });
});
