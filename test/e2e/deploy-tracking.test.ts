import { describe, expect, test } from 'vitest';
import { actionsToken } from '../../sandbox/harness/actions-token.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

describe('deployment protection rule and implementation tracking, end to end', () => {
  let token = '';
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'guarded' });
      seedRepo(sim, { org: 'acme', name: 'failing' });
      sim.createEnvironment({
        repo: 'acme/guarded',
        name: 'production',
        protectionRuleApps: ['change-gate'],
      });
      token = actionsToken(sim, 'acme');
    },
  });

  test('the protection rule holds a deploy without a runner and approves it right after the last approval', async () => {
    const { sim } = e2e;
    const repo = 'acme/guarded';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);

    const run = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'change' });
    await sim.settle();
    expect(sim.read.workflowRun({ runId: run.runId })).toMatchObject({
      status: 'waiting',
      protection: [
        expect.objectContaining({
          state: 'pending',
          reports: [expect.stringMatching(/^Change Gate is waiting for approval:\n- .*CHG-\d{4}-001/)],
        }),
      ],
    });

    const mark = sim.mark();
    await change.approve('carl');

    const released = sim.read.workflowRun({ runId: run.runId });
    expect(released.protection[0]).toMatchObject({ state: 'approved' });
    expect(released.protection[0]?.comment).toMatch(/CHG-\d{4}-001/);
    const callback = sim
      .requestsSince(mark)
      .find(
        (request) =>
          request.template === '/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
      );
    expect(callback?.status).toBe(204);
    // The run the rule left waiting was known: read again from GitHub (still waiting, on its commit) first.
    const reread = sim
      .requestsSince(mark)
      .filter((request) => request.template === '/repos/{owner}/{repo}/actions/runs/{run_id}');
    expect(reread.map((request) => request.status)).toEqual([200]);

    // An open pull request deployed as it is was gated, but a deployment moves only merged changes.
    await sim.as('dana').completeWorkflowRun({ repo, runId: run.runId, conclusion: 'success' });
    await sim.settle();
    expect(change.history()).toEqual(['submitted', 'approved']);

    // Merged and deployed from main: the rule approves at once, and the change is implemented.
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    const release = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
    await sim.settle();
    expect(sim.read.workflowRun({ runId: release.runId }).protection[0]).toMatchObject({ state: 'approved' });
    await sim.as('dana').completeWorkflowRun({ repo, runId: release.runId, conclusion: 'success' });
    await sim.settle();
    expect(change.history()).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(change.labels()).toEqual(['change:completed']);
  }, 90_000);

  test('finish records a failed deploy, and a rollback', async () => {
    const { sim } = e2e;
    const repo = 'acme/failing';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    const merged = sim.read.branchSha({ repo, branch: 'main' }) ?? '';
    const deploy = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
      runAction({
        apiUrl: sim.apiUrl,
        token,
        repository: repo,
        sha: merged,
        branch: 'main',
        inputs: { environment: 'production', ...inputs },
        env,
      });

    const first = await deploy({});
    expect(first.code).toBe(0);
    await deploy({ command: 'finish', result: 'failure' }, first.env);
    await sim.settle();
    expect(change.labels()).toEqual(['change:failed']);

    const second = await deploy({});
    expect(second.code).toBe(0);
    await deploy({ command: 'finish', result: 'rolled_back' }, second.env);
    await sim.settle();
    expect(change.labels()).toEqual(['change:rolled-back']);
    expect(change.history()).toEqual([
      'submitted',
      'approved',
      'implementing',
      'failed',
      'implementing',
      'rolled_back',
    ]);
  }, 90_000);
});
