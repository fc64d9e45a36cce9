import { describe, expect, test } from 'vitest';
import { createWaitingRunListings } from '../../../src/app/create-waiting-run-listings.ts';
import { createWaitingRuns } from '../../../src/app/create-waiting-runs.ts';
import type { Decision } from '../../../src/core/decision/decision.ts';
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';
import type { DeployPort } from '../../../src/github/ports/deploy-port.ts';
import type { ProtectionRulePort, WaitingRun } from '../../../src/github/ports/protection-rule-port.ts';
import { releaseWaitingDeploysAfter } from '../../../src/handlers/release-after-approval.ts';
import { sweepWaitingDeploys } from '../../../src/handlers/sweep-waiting-deploys.ts';
import type { DeployGateApprovals, GateApproval } from '../../../src/use-cases/deploy-gate-approvals.ts';
import { releaseWaitingDeploys } from '../../../src/use-cases/release-waiting-deploys.ts';
import { DEPLOYED, GATE_APP, gateRun, HEAD } from './gate-run-fixture.ts';

const APP = GATE_APP;
const REPOSITORY = { owner: 'Acme', repo: 'Shop' };
const KEY = 'acme/shop';

/** A first deploy of the default branch's tip, which PR #12 brought in; its gate run as `runs` gives it. */
const deployPort = (runs: () => DeployCheckRun[]): DeployPort => {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return {
    readConfigFile: async () => null,
    readDeployStart: async () => ({
      defaultBranch: 'main',
      defaultBranchTip: DEPLOYED,
      config: null,
      pullRequestsOfSha: [
        {
          number: 12,
          title: 'PR 12',
          body: null,
          state: 'closed',
          mergedAt: '2026-07-01T09:00:00Z',
          mergeCommitSha: DEPLOYED,
          headSha: HEAD,
          baseRef: 'main',
          labels: ['change'],
        },
      ],
      // The deployments GitHub created for the known runs (a gate deciding on one expects to see it).
      deployments: {
        newestFirst: [1002, 1001].map((id) => ({
          id,
          sha: DEPLOYED,
          environment: 'production',
          createdAt: '2026-07-02T09:59:00Z',
          payload: null,
        })),
        complete: true,
      },
    }),
    listDeployments: unexpected,
    // Never succeeded: none of them starts the range.
    listDeploymentStatuses: async () => [],
    compareCommits: unexpected,
    pullRequestsOfCommit: unexpected,
    filesOfCommit: async () => [],
    checkRunsOf: async () => runs(),
    getDeployment: unexpected,
    createDeployment: unexpected,
    createDeploymentStatus: unexpected,
  };
};

/**
 * GitHub's side: the runs it lists as waiting, each run as it has it (`runs`: waiting on DEPLOYED unless
 * given), and the reviews it takes (refusing those `refuse` names).
 */
const rulesPort = (
  options: {
    listed?: WaitingRun[];
    refuse?: number[];
    runs?: Record<number, WaitingRun | null | Error>;
  } = {},
) => {
  const calls: string[] = [];
  const reviews: Array<[number, string, string]> = [];
  const port: ProtectionRulePort = {
    async reviewProtectionRule({ runId, environment, state }) {
      calls.push(`review ${runId}`);
      if (options.refuse?.includes(runId))
        throw new Error('No pending deployment protection rule for this app');
      reviews.push([runId, environment, state]);
    },
    async reportProtectionRuleStatus() {
      calls.push('report');
    },
    async listWaitingRuns() {
      calls.push('list');
      return options.listed ?? [];
    },
    async waitingRun(runId) {
      calls.push(`run ${runId}`);
      const run = options.runs?.[runId];
      if (run instanceof Error) throw run;
      return run === undefined ? { id: runId, headSha: DEPLOYED, headBranch: 'main' } : run;
    },
    async pendingEnvironments() {
      calls.push('pending');
      return ['production'];
    },
    async protectionRuleAppIds() {
      calls.push('rule apps');
      return [APP.id];
    },
  };
  return { port, calls, reviews };
};

const known = (runId: number, environment = 'production') => ({
  runId,
  environment,
  sha: DEPLOYED,
  branch: 'main',
  deploymentId: runId + 1000,
  at: Date.now(),
});

const remembered = () => {
  const approvals = new Map<string, GateApproval>();
  const store: DeployGateApprovals = {
    remember: (key, approval) => approvals.set(key, approval),
    recall: (key) => approvals.get(key),
  };
  return { approvals, store };
};

const log = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as never;

describe('releasing the runs this app left waiting, without listing the repository’s runs', () => {
  test('a known run the gate now approves is approved and forgotten; its approval is remembered for its statuses', async () => {
    const waiting = createWaitingRuns();
    await waiting.add(KEY, known(1));
    const rules = rulesPort();
    const { approvals, store } = remembered();
    const released = await releaseWaitingDeploys({
      deps: { identity: async () => APP, now: () => new Date('2026-07-02T10:00:00Z'), gateApprovals: store },
      deployPort: deployPort(() => [gateRun()]),
      rulesPort: rules.port,
      repository: REPOSITORY,
      log,
      known: waiting,
      listAll: false,
    });
    expect(released).toEqual([{ runId: 1, environment: 'production' }]);
    expect(rules.calls).toEqual(['run 1', 'review 1']);
    expect(await waiting.list(KEY)).toEqual([]);
    expect([...approvals.keys()]).toEqual([['acme/shop', 'production', 1001, DEPLOYED].join('\n')]);
  });

  test('a known run the gate does not approve yet stays waiting and known; one GitHub refuses is forgotten', async () => {
    const waiting = createWaitingRuns();
    await waiting.add(KEY, known(1));
    const pending = gateRun({ status: 'in_progress', conclusion: null, outputTitle: 'Pending approval' });
    const rules = rulesPort({ refuse: [1] });
    const deps = { identity: async () => APP, now: () => new Date('2026-07-02T10:00:00Z') };
    const release = (runs: DeployCheckRun[]) =>
      releaseWaitingDeploys({
        deps,
        deployPort: deployPort(() => runs),
        rulesPort: rules.port,
        repository: REPOSITORY,
        log,
        known: waiting,
        listAll: false,
      });
    expect(await release([pending])).toEqual([]);
    expect(rules.calls).toEqual(['run 1']);
    expect((await waiting.list(KEY)).map((run) => run.runId)).toEqual([1]);
    // Approved now, but GitHub no longer takes this app's answer (answered elsewhere, cancelled).
    expect(await release([gateRun()])).toEqual([]);
    expect(rules.calls).toEqual(['run 1', 'run 1', 'review 1']);
    expect(await waiting.list(KEY)).toEqual([]);
  });

  test('a known run whose changes are refused is never approved (its gate is read afresh)', async () => {
    const waiting = createWaitingRuns();
    await waiting.add(KEY, known(1));
    const rules = rulesPort();
    const released = await releaseWaitingDeploys({
      deps: { identity: async () => APP, now: () => new Date('2026-07-02T10:00:00Z') },
      deployPort: deployPort(() => [gateRun({ appId: 7, appSlug: 'impostor' })]),
      rulesPort: rules.port,
      repository: REPOSITORY,
      log,
      known: waiting,
      listAll: false,
    });
    expect(released).toEqual([]);
    expect(rules.reviews).toEqual([]);
  });

  test('the commit decided on is the run’s as GitHub has it now: a record naming another is not released', async () => {
    const waiting = createWaitingRuns();
    // Runs 1 and 2 recorded on DEPLOYED; GitHub says run 1 deploys another commit, run 2 no longer waits, and
    // run 3 cannot be read just now.
    for (const runId of [1, 2, 3]) await waiting.add(KEY, known(runId));
    const rules = rulesPort({
      runs: {
        1: { id: 1, headSha: 'f'.repeat(40), headBranch: 'main' },
        2: null,
        3: new Error('HTTP 502'),
      },
    });
    const released = await releaseWaitingDeploys({
      deps: { identity: async () => APP, now: () => new Date('2026-07-02T10:00:00Z') },
      deployPort: deployPort(() => [gateRun()]),
      rulesPort: rules.port,
      repository: REPOSITORY,
      log,
      known: waiting,
      listAll: false,
    });
    expect(released).toEqual([]);
    expect(rules.reviews).toEqual([]);
    // Forgotten, but for the run that could not be read.
    expect((await waiting.list(KEY)).map((run) => run.runId)).toEqual([3]);
  });

  test('with listAll, the runs GitHub lists are released too, a known one once', async () => {
    const waiting = createWaitingRuns();
    await waiting.add(KEY, known(1));
    const rules = rulesPort({
      listed: [
        { id: 1, headSha: DEPLOYED, headBranch: 'main' },
        { id: 2, headSha: DEPLOYED, headBranch: 'main' },
      ],
    });
    const released = await releaseWaitingDeploys({
      deps: { identity: async () => APP, now: () => new Date('2026-07-02T10:00:00Z') },
      deployPort: deployPort(() => [gateRun()]),
      rulesPort: rules.port,
      repository: REPOSITORY,
      log,
      known: waiting,
      listAll: true,
    });
    expect(released).toEqual([
      { runId: 1, environment: 'production' },
      { runId: 2, environment: 'production' },
    ]);
    expect(rules.reviews.map(([runId]) => runId)).toEqual([1, 2]);
  });
});

describe('an approval releases the runs known to wait; the sweep lists the repository’s runs now and then', () => {
  const recording = () => {
    const routes: string[] = [];
    const octokit = {
      request: async (route: string) => {
        routes.push(route);
        return { status: 200, data: { total_count: 0, workflow_runs: [] } };
      },
      graphql: async <T>(): Promise<T> => {
        routes.push('POST /graphql');
        return {} as T;
      },
    };
    return { routes, octokit };
  };
  const approved = { status: 'approved' } as Decision;

  test('an approval never lists the repository’s waiting runs when the waiting runs are kept', async () => {
    const { routes, octokit } = recording();
    const hook = releaseWaitingDeploysAfter({
      deps: { identity: async () => APP, now: () => new Date(), waitingRuns: createWaitingRuns() },
      context: { octokit, repo: () => REPOSITORY, log },
    });
    await hook(approved);
    await hook(approved);
    expect(routes).toEqual([]);
  });

  test('without a store of waiting runs, an approval lists them (nothing else finds them)', async () => {
    const { routes, octokit } = recording();
    const hook = releaseWaitingDeploysAfter({
      deps: { identity: async () => APP, now: () => new Date() },
      context: { octokit, repo: () => REPOSITORY, log },
    });
    await hook(approved);
    expect(routes).toEqual(['GET /repos/{owner}/{repo}/actions/runs']);
  });

  test('the sweep lists them at its first pass in a repository, then once per interval', async () => {
    let now = 0;
    const { routes, octokit } = recording();
    const deps = {
      identity: async () => APP,
      now: () => new Date(),
      waitingRuns: createWaitingRuns(),
      waitingRunListings: createWaitingRunListings({ intervalMs: 600_000, now: () => now }),
    };
    const sweep = () => sweepWaitingDeploys({ deps, octokit, repo: REPOSITORY, log });
    await sweep();
    await sweep();
    now = 599_999;
    await sweep();
    expect(routes).toEqual(['GET /repos/{owner}/{repo}/actions/runs']);
    now = 600_000;
    await sweep();
    expect(routes).toEqual([
      'GET /repos/{owner}/{repo}/actions/runs',
      'GET /repos/{owner}/{repo}/actions/runs',
    ]);
  });
});
