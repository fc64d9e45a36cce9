// The real app against the simulator: API calls, throttled requests, sequential round trips and wall time
// per webhook, for the events of a change's life; and the time from the last approval to the release of a
// deploy waiting on the protection rule.
import { sequentialRoundTrips } from '../sandbox/github-sim/index.ts';
import { startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../sandbox/seed-org.ts';

export interface EventFigures {
  event: string;
  calls: number;
  /** Requests Probot's throttle spaces about a second apart (writes and GraphQL). */
  throttled: number;
  graphql: number;
  roundTrips: number;
  ms: number;
}

const REPO = 'acme/bench';

export const e2eBenchmarks = async (): Promise<{
  events: EventFigures[];
  releaseMs: number;
}> => {
  const e2e = await startSimulatorAndApp({
    logLevel: 'warn',
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'bench' });
      sim.createEnvironment({ repo: REPO, name: 'production', protectionRuleApps: ['change-gate'] });
    },
  });
  const { sim } = e2e;
  const events: EventFigures[] = [];
  const measure = async (event: string, act: () => Promise<unknown>) => {
    const mark = sim.mark();
    const started = performance.now();
    await act();
    await sim.settle();
    const ms = performance.now() - started;
    const requests = sim.requestsSince(mark).filter((request) => request.auth !== 'user');
    events.push({
      event,
      calls: requests.length,
      throttled: requests.filter((request) => request.method !== 'GET').length,
      graphql: requests.filter((request) => request.api === 'graphql').length,
      roundTrips: sequentialRoundTrips(requests),
      ms,
    });
  };
  try {
    const dana = sim.as('dana');
    let pr = { number: 0, headSha: '' };
    await measure('pull_request.opened (not yet a change)', async () => {
      pr = await dana.openPullRequest({
        repo: REPO,
        title: 'MFA',
        body: SEED_PR_BODY,
        head: 'mfa',
        files: { 'a.ts': 'x' },
      });
    });
    await measure('pull_request.labeled → submitted', () =>
      dana.addLabels({ repo: REPO, number: pr.number, labels: ['change'] }),
    );
    await measure('issue_comment.created, no command', () =>
      sim.as('erin').comment({ repo: REPO, number: pr.number, body: 'Looks good' }),
    );
    await measure('pull_request.edited, block unchanged', () =>
      dana.editPullRequest({ repo: REPO, number: pr.number, title: 'MFA for admins' }),
    );
    const run = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo: REPO, environment: 'production', ref: 'mfa' });
    await sim.settle();
    for (const login of ['sam', 'lee', 'erin']) {
      await measure(`pull_request_review.submitted (${login})`, () =>
        sim.as(login).review({ repo: REPO, number: pr.number, event: 'APPROVE' }),
      );
    }
    const mark = sim.mark();
    const before = Date.now();
    await measure('pull_request_review.submitted (last role) → approved, deploy released', () =>
      sim.as('carl').review({ repo: REPO, number: pr.number, event: 'APPROVE' }),
    );
    const released = sim.read.workflowRun({ runId: run.runId }).protection[0]?.state === 'approved';
    const callback = sim
      .requestsSince(mark)
      .find(
        (request) =>
          request.template === '/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
      );
    if (!released || !callback) throw new Error('the waiting deploy was not released');
    const releaseMs = callback.endedAt - before;
    sim.assertNoViolations();
    return { events, releaseMs };
  } finally {
    await e2e.stop();
  }
};
