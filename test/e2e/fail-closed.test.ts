import { describe, expect, test, vi } from 'vitest';
import { actionsToken } from '../../sandbox/harness/actions-token.ts';
import { freePort } from '../../sandbox/harness/free-port.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

/**
 * GitHub down: an approved, merged change whose deploy would be allowed is refused, with the reason, by the
 * gating action (GitHub answering 503, or not answering at all) and by the deployment protection rule
 * (GitHub's reads answering 503): nothing is approved on what could not be read.
 */
describe('fail closed when GitHub is down', () => {
  let token = '';
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'shop' });
      seedRepo(sim, { org: 'acme', name: 'guarded' });
      sim.createEnvironment({
        repo: 'acme/guarded',
        name: 'production',
        protectionRuleApps: ['change-gate'],
      });
      token = actionsToken(sim, 'acme');
    },
  });

  /** An approved change merged into main: the deploy of main is allowed while GitHub answers. */
  const approvedAndMerged = async (repo: string) => {
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.check()?.conclusion).toBe('success');
    await e2e.sim.as('dana').mergePullRequest({ repo, number: change.number });
    await e2e.sim.settle();
    return e2e.sim.read.branchSha({ repo: repo, branch: 'main' }) ?? '';
  };

  test('the gating action refuses, naming what failed, when GitHub answers 503 or does not answer', async () => {
    const { sim } = e2e;
    const repo = 'acme/shop';
    const sha = await approvedAndMerged(repo);
    const gate = (apiUrl: string) =>
      runAction({ apiUrl, token, repository: repo, sha, inputs: { environment: 'production' } });

    sim.faults.add({ status: 503 });
    let down: Awaited<ReturnType<typeof gate>>;
    try {
      down = await gate(sim.apiUrl);
    } finally {
      sim.faults.clear();
    }
    expect(down.code).toBe(1);
    expect(down.outputs.status).toBe('error');
    expect(down.stdout).toMatch(
      /::error::.*GitHub could not be read, so the deploy is refused: GraphQL query DeployStart failed 4 times, last with HTTP 503/,
    );

    // Nothing listens on this port: no answer at all.
    const nowhere = `http://127.0.0.1:${await freePort()}/api/v3`;
    const unreachable = await gate(nowhere);
    expect(unreachable.code).toBe(1);
    expect(unreachable.outputs.status).toBe('error');
    expect(unreachable.stdout).toMatch(
      /::error::.*refused.*no answer from 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );

    expect(sim.read.deployments({ repo })).toEqual([]);
    // GitHub back: the same deploy is allowed.
    const back = await gate(sim.apiUrl);
    expect(back.outputs.status).toBe('approved');
  }, 120_000);

  test('the deployment protection rule rejects with the reason when GitHub cannot be read, and approves nothing', async () => {
    const { sim } = e2e;
    const repo = 'acme/guarded';
    await approvedAndMerged(repo);

    // Every read fails (REST and GraphQL); answering the rule (a POST) still reaches GitHub.
    sim.faults.add({ route: /^GET /, status: 503 });
    sim.faults.add({ route: /^POST \/(api\/)?graphql$/, status: 503 });
    try {
      const run = await sim
        .as('dana')
        .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
      await vi.waitFor(
        () => expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.state).toBe('rejected'),
        { timeout: 90_000, interval: 500 },
      );
      const answer = sim.read.workflowRun({ runId: run.runId }).protection[0];
      expect(answer?.comment).toMatch(/^Change Gate refused the deploy \(error\):/);
      expect(answer?.comment).toMatch(/503/);
    } finally {
      sim.faults.clear();
    }
    await sim.settle();

    // GitHub back: a new run of the same deploy is approved.
    const again = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
    await sim.settle();
    expect(sim.read.workflowRun({ runId: again.runId }).protection[0]?.state).toBe('approved');
  }, 150_000);
});
