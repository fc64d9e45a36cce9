// The real app against the simulator: API calls, throttled requests, sequential round trips and wall time
// per webhook, for the events of a change's life and for one whole lifecycle; and the time from the last
// approval to the release of a deploy waiting on the protection rule.

import { GITHUB_PACING } from '../sandbox/harness/app-process-env.ts';
import {
  CALL_TARGETS,
  type EventFigures,
  measureEvent,
  measureLifecycle,
} from '../sandbox/harness/measure-event-calls.ts';
import { nextGitHubSecond } from '../sandbox/harness/next-github-second.ts';
import { startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { SEED_PR_BODY, seedPeople, seedRepo, seedStatusLabels } from '../sandbox/seed-org.ts';

export type { EventFigures } from '../sandbox/harness/measure-event-calls.ts';

const REPO = 'acme/bench';
const LIFECYCLE_REPO = 'acme/lifecycle';

export interface LifecycleFigures {
  events: EventFigures[];
  calls: number;
  /** Of `calls`, the app's own authentication (once an hour, not per change). */
  auth: number;
  target: number;
  /** Events measured on the way that are not part of the lifecycle (a no-op on the approved change). */
  quiet: EventFigures[];
}

export const e2eBenchmarks = async (): Promise<{
  events: EventFigures[];
  releaseMs: number;
  lifecycle: LifecycleFigures;
  second: LifecycleFigures;
}> => {
  const e2e = await startSimulatorAndApp({
    logLevel: 'warn',
    env: GITHUB_PACING,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['bench', 'lifecycle']) {
        seedRepo(sim, { org: 'acme', name });
        sim.createEnvironment({
          repo: `acme/${name}`,
          name: 'production',
          protectionRuleApps: ['change-gate'],
        });
      }
    },
  });
  const { sim } = e2e;
  // The status labels, as the app's installation creates them (styleStatusLabels on installation.created).
  for (const repo of [REPO, LIFECYCLE_REPO]) await seedStatusLabels(sim, repo);
  const events: EventFigures[] = [];
  const measure = async (event: string, target: number | null, act: () => Promise<unknown>) => {
    events.push(await measureEvent({ sim, event, target, act }));
  };
  try {
    const dana = sim.as('dana');
    let pr = { number: 0, headSha: '' };
    await measure('pull_request.opened (not yet a change)', CALL_TARGETS.stateChanging, async () => {
      pr = await dana.openPullRequest({
        repo: REPO,
        title: 'MFA',
        body: SEED_PR_BODY,
        head: 'mfa',
        files: { 'a.ts': 'x' },
      });
    });
    await measure('pull_request.labeled → submitted', CALL_TARGETS.stateChanging, () =>
      dana.addLabels({ repo: REPO, number: pr.number, labels: ['change'] }),
    );
    // Approvals stamped with the second the change was recorded in would not count.
    await nextGitHubSecond();
    await measure('issue_comment.created, no command', CALL_TARGETS.noOp, () =>
      sim.as('erin').comment({ repo: REPO, number: pr.number, body: 'Looks good' }),
    );
    await measure('pull_request.edited, block unchanged', CALL_TARGETS.noOp, () =>
      dana.editPullRequest({ repo: REPO, number: pr.number, title: 'MFA for admins' }),
    );
    const run = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo: REPO, environment: 'production', ref: 'mfa' });
    await sim.settle();
    for (const login of ['sam', 'lee', 'erin']) {
      await measure(`pull_request_review.submitted (${login})`, CALL_TARGETS.stateChanging, () =>
        sim.as(login).review({ repo: REPO, number: pr.number, event: 'APPROVE' }),
      );
    }
    const mark = sim.mark();
    const before = Date.now();
    await measure(
      'pull_request_review.submitted (last role) → approved, deploy released',
      CALL_TARGETS.stateChanging,
      () => sim.as('carl').review({ repo: REPO, number: pr.number, event: 'APPROVE' }),
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
    const lifecycle = await measureLifecycle({ sim, repo: LIFECYCLE_REPO });
    // A second change in the same repository: the once-only calls paid, its range starts at a vouched deploy.
    const second = await measureLifecycle({ sim, repo: LIFECYCLE_REPO, head: 'sso' });
    sim.assertNoViolations();
    return {
      events,
      releaseMs,
      lifecycle: { ...lifecycle, target: CALL_TARGETS.lifecycle },
      second: { ...second, target: CALL_TARGETS.lifecycle },
    };
  } finally {
    await e2e.stop();
  }
};
