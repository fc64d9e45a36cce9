import { describe, expect, test } from 'vitest';
import type { Decision } from '../../../src/core/decision/decision.ts';
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';
import type { DeployPort, PullRequestOfCommit } from '../../../src/github/ports/deploy-port.ts';
import type { ProtectionRulePort, WaitingRun } from '../../../src/github/ports/protection-rule-port.ts';
import { releaseWaitingDeploysAfter } from '../../../src/handlers/release-after-approval.ts';
import { answerProtectionRule } from '../../../src/use-cases/answer-protection-rule.ts';
import { releaseWaitingDeploys } from '../../../src/use-cases/release-waiting-deploys.ts';
import { DEPLOYED, GATE_APP, gateRun, HEAD } from './gate-run-fixture.ts';
import { DEPLOY_START_ON_MAIN } from './record-deployment-harness.ts';

const APP = GATE_APP;

const pull = (number: number, overrides: Partial<PullRequestOfCommit> = {}): PullRequestOfCommit => ({
  number,
  title: `PR ${number}`,
  body: null,
  state: 'closed',
  mergedAt: '2026-07-01T09:00:00Z',
  mergeCommitSha: DEPLOYED,
  headSha: HEAD,
  baseRef: 'main',
  labels: ['change'],
  ...overrides,
});

/** A first deploy of DEPLOYED, which PR #12 brought in; its gate check as given. */
const deployPort = (
  options: {
    runs?: DeployCheckRun[];
    pulls?: PullRequestOfCommit[];
    config?: string;
    failPulls?: boolean;
  } = {},
): DeployPort => {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return {
    readConfigFile: async ({ repo }) => (repo === 'shop' ? (options.config ?? null) : null),
    readDeployStart: async () => DEPLOY_START_ON_MAIN,
    listDeployments: async () => [],
    listDeploymentStatuses: unexpected,
    // The deployed commit is on main (the reachability check); no earlier deployment, so no range.
    compareCommits: async ({ base }) => {
      if (base !== 'main') throw new Error('not expected in this test');
      return { status: 'behind', totalCommits: 0, commits: [] };
    },
    pullRequestsOfCommit: async () => {
      if (options.failPulls) throw new Error('GET /repos/acme/shop/commits/ddd/pulls failed: HTTP 502');
      return options.pulls ?? [pull(12)];
    },
    filesOfCommit: async () => [],
    checkRunsOf: async () => options.runs ?? [gateRun()],
    getDeployment: unexpected,
    createDeployment: unexpected,
    createDeploymentStatus: unexpected,
  };
};

interface Review {
  runId: number;
  environment: string;
  state: string;
  comment: string;
}

const rulesPort = (
  options: {
    runs?: WaitingRun[];
    pending?: Record<number, string[]>;
    ruleApps?: Record<string, number[] | Error>;
    failList?: boolean;
    failReview?: (review: Review) => boolean;
  } = {},
) => {
  const reviews: Review[] = [];
  const reports: Array<Omit<Review, 'state'>> = [];
  const port: ProtectionRulePort & { reviews: Review[]; reports: Array<Omit<Review, 'state'>> } = {
    reviews,
    reports,
    async reportProtectionRuleStatus(report) {
      reports.push(report);
    },
    async reviewProtectionRule(review) {
      if (options.failReview?.(review)) throw new Error('No pending deployment protection rule for this app');
      reviews.push(review);
    },
    async listWaitingRuns() {
      if (options.failList) throw new Error('Resource not accessible by integration');
      return options.runs ?? [];
    },
    async waitingRun(runId) {
      return options.runs?.find((run) => run.id === runId) ?? null;
    },
    async pendingEnvironments(runId) {
      return options.pending?.[runId] ?? [];
    },
    async protectionRuleAppIds(environment) {
      const apps = options.ruleApps?.[environment] ?? [APP.id];
      if (apps instanceof Error) throw apps;
      return apps;
    },
  };
  return port;
};

const logs: string[] = [];
const log = {
  info: (message: string) => logs.push(message),
  warn: (message: string) => logs.push(`warn: ${message}`),
};
const REPOSITORY = { owner: 'acme', repo: 'shop' };
const deps = { identity: async () => APP, now: () => new Date('2026-07-01T12:00:00Z') };
const target = { runId: 4242, environment: 'production', sha: DEPLOYED, branch: 'main' };

const answer = (options: {
  deploy?: DeployPort;
  rules?: ReturnType<typeof rulesPort>;
  approveOnly?: boolean;
  sha?: string;
  identityFails?: boolean;
}) => {
  const rules = options.rules ?? rulesPort();
  return {
    rules,
    result: answerProtectionRule({
      deps: options.identityFails
        ? { ...deps, identity: () => Promise.reject(new Error('GET /app: HTTP 401')) }
        : deps,
      deployPort: options.deploy ?? deployPort(),
      rulesPort: rules,
      log,
      repository: REPOSITORY,
      target: { ...target, sha: options.sha ?? DEPLOYED },
      ...(options.approveOnly ? { approveOnly: true } : {}),
    }),
  };
};

describe('the deployment protection rule', () => {
  test('an approved change: the run is approved with a comment naming the change', async () => {
    const { rules, result } = answer({});
    expect((await result).answer).toBe('approved');
    expect(rules.reviews).toEqual([
      {
        runId: 4242,
        environment: 'production',
        state: 'approved',
        comment: 'Change Gate: 1 pull request approved at their merged head (CHG-2026-012)',
      },
    ]);
  });

  test('a change still waiting for approval: no answer but a status report, the run keeps waiting', async () => {
    const runs = [
      gateRun({ status: 'in_progress', conclusion: null, outputTitle: 'Pending approval — CHG-2026-012' }),
    ];
    const { rules, result } = answer({ deploy: deployPort({ runs }) });
    expect((await result).answer).toBe('waiting');
    expect(rules.reviews).toEqual([]);
    expect(rules.reports).toEqual([
      expect.objectContaining({
        environment: 'production',
        comment: expect.stringMatching(/^Change Gate is waiting for approval:\n- .*CHG-2026-012/),
      }),
    ]);
  });

  test('a freeze window: rejected with the window and when it ends', async () => {
    const config = [
      'change_management:',
      '  freeze_windows:',
      '    - name: summer release freeze',
      '      timezone: Europe/Berlin',
      '      start: 2026-07-01T00:00',
      '      end: 2026-07-08T00:00',
    ].join('\n');
    const { rules, result } = answer({ deploy: deployPort({ config }) });
    expect((await result).answer).toBe('rejected');
    expect(rules.reviews[0]?.state).toBe('rejected');
    expect(rules.reviews[0]?.comment).toContain(
      'freeze window "summer release freeze" is in force until 2026-07-07T22:00:00.000Z',
    );
  });

  test('GitHub cannot be read: rejected with the reason, never approved', async () => {
    const { rules, result } = answer({ deploy: deployPort({ failPulls: true }) });
    expect((await result).answer).toBe('rejected');
    expect(rules.reviews.map((review) => review.state)).toEqual(['rejected']);
    expect(rules.reviews[0]?.comment).toContain('GitHub could not be read, so the deploy is refused');
    expect(rules.reviews[0]?.comment).toContain('HTTP 502');
  });

  test('a check run of the same name by another app: rejected, it proves nothing', async () => {
    const runs = [gateRun({ appId: 7, appSlug: 'impostor' })];
    const { rules, result } = answer({ deploy: deployPort({ runs }) });
    expect((await result).answer).toBe('rejected');
    expect(rules.reviews[0]?.comment).toContain('was created by impostor, not by change-gate');
  });

  test("the app's own identity cannot be read: rejected", async () => {
    const { rules, result } = answer({ identityFails: true });
    expect((await result).answer).toBe('rejected');
    expect(rules.reviews[0]?.comment).toContain(
      'could not tell which check runs to trust (GET /app: HTTP 401)',
    );
  });

  test('a deployment without a valid commit: rejected without reading anything', async () => {
    const { rules, result } = answer({ deploy: deployPort({ failPulls: true }), sha: 'main' });
    expect((await result).answer).toBe('rejected');
    expect(rules.reviews[0]?.comment).toContain('GitHub named no valid commit for the deployment ("main")');
  });

  test('a long refusal is cut to fit, saying how much was left out', async () => {
    const pulls = Array.from({ length: 60 }, (_, index) =>
      pull(index + 1, { headSha: `${index}`.padStart(40, 'c') }),
    );
    const { rules, result } = answer({ deploy: deployPort({ pulls, runs: [] }) });
    expect((await result).answer).toBe('rejected');
    const comment = rules.reviews[0]?.comment ?? '';
    expect(comment.length).toBeLessThanOrEqual(2000);
    expect(comment).toMatch(/\n… and \d+ more lines$/);
  });

  test('approve-only (the release after an approval) leaves refused runs waiting', async () => {
    const { rules, result } = answer({ deploy: deployPort({ failPulls: true }), approveOnly: true });
    expect((await result).answer).toBe('waiting');
    expect(rules.reviews).toEqual([]);
  });
});

describe('releasing waiting runs after an approval', () => {
  test('approves the waiting environments this app guards and that are now allowed, and only those', async () => {
    const rules = rulesPort({
      runs: [
        { id: 1, headSha: DEPLOYED, headBranch: 'main' },
        { id: 2, headSha: DEPLOYED, headBranch: 'main' },
      ],
      pending: { 1: ['production', 'qa'], 2: ['Production'] },
      ruleApps: { qa: [99] },
    });
    const released = await releaseWaitingDeploys({
      deps,
      deployPort: deployPort(),
      rulesPort: rules,
      log,
      repository: REPOSITORY,
    });
    expect(released).toEqual([
      { runId: 1, environment: 'production' },
      { runId: 2, environment: 'Production' },
    ]);
    expect(rules.reviews.map((review) => [review.runId, review.environment, review.state])).toEqual([
      [1, 'production', 'approved'],
      [2, 'Production', 'approved'],
    ]);
  });

  test('runs whose changes still wait, or are refused, are left waiting', async () => {
    const rules = rulesPort({
      runs: [{ id: 1, headSha: DEPLOYED, headBranch: null }],
      pending: { 1: ['production'] },
    });
    const pending = [gateRun({ status: 'in_progress', conclusion: null, outputTitle: 'Pending approval' })];
    expect(
      await releaseWaitingDeploys({
        deps,
        deployPort: deployPort({ runs: pending }),
        rulesPort: rules,
        log,
        repository: REPOSITORY,
      }),
    ).toEqual([]);
    expect(
      await releaseWaitingDeploys({
        deps,
        deployPort: deployPort({ failPulls: true }),
        rulesPort: rules,
        log,
        repository: REPOSITORY,
      }),
    ).toEqual([]);
    expect(rules.reviews).toEqual([]);
  });

  test('an environment whose rules cannot be read is tried (GitHub refuses a review that is not ours)', async () => {
    const rules = rulesPort({
      runs: [{ id: 1, headSha: DEPLOYED, headBranch: 'main' }],
      pending: { 1: ['production'] },
      ruleApps: { production: new Error('HTTP 403') },
    });
    expect(
      await releaseWaitingDeploys({
        deps,
        deployPort: deployPort(),
        rulesPort: rules,
        log,
        repository: REPOSITORY,
      }),
    ).toEqual([{ runId: 1, environment: 'production' }]);
  });

  test('a review GitHub refuses does not stop the others; nothing throws', async () => {
    const rules = rulesPort({
      runs: [
        { id: 1, headSha: DEPLOYED, headBranch: 'main' },
        { id: 2, headSha: DEPLOYED, headBranch: 'main' },
      ],
      pending: { 1: ['production'], 2: ['production'] },
      failReview: (review) => review.runId === 1,
    });
    logs.length = 0;
    expect(
      await releaseWaitingDeploys({
        deps,
        deployPort: deployPort(),
        rulesPort: rules,
        log,
        repository: REPOSITORY,
      }),
    ).toEqual([{ runId: 2, environment: 'production' }]);
    expect(logs).toContain(
      'warn: waiting run 1 to production not released: No pending deployment protection rule for this app',
    );
  });

  test('waiting runs that cannot be listed (no actions: read) are logged, not thrown', async () => {
    logs.length = 0;
    const rules = rulesPort({ failList: true });
    expect(
      await releaseWaitingDeploys({
        deps,
        deployPort: deployPort(),
        rulesPort: rules,
        log,
        repository: REPOSITORY,
      }),
    ).toEqual([]);
    expect(logs.join('\n')).toContain(
      'waiting deploys not looked at: Resource not accessible by integration',
    );
  });

  test('the reconcile hook costs no API call unless the change is approved', async () => {
    const routes: string[] = [];
    const context = {
      octokit: {
        request: async (route: string) => {
          routes.push(route);
          return { status: 200, data: { total_count: 0, workflow_runs: [] } };
        },
        graphql: async <T>(): Promise<T> => {
          routes.push('POST /graphql');
          return {} as T;
        },
      },
      repo: () => ({ owner: 'acme', repo: 'shop' }),
      log,
    };
    const hook = releaseWaitingDeploysAfter({ deps, context });
    for (const status of ['pending_approval', 'rejected', 'invalid', null] as const) {
      await hook({ status } as Decision);
    }
    expect(routes).toEqual([]);
    await hook({ status: 'approved' } as Decision);
    expect(routes).toEqual(['GET /repos/{owner}/{repo}/actions/runs']);
  });
});
