/** Shared by the record-deployment tests: an in-memory GitHub as the app and the gate read it. */
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';
import type { DeployPort, PullRequestOfCommit } from '../../../src/github/ports/deploy-port.ts';
import type { CheckRunWrite, GitHubPort } from '../../../src/github/ports/github-port.ts';
import { type DeploymentStatusInput, recordDeployment } from '../../../src/use-cases/record-deployment.ts';
import type { UseCaseDeps } from '../../../src/use-cases/use-case-deps.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

/** GitHub's first answer to a deploy gate: the default branch `main` at `eee…`, nothing else read with it. */
export const DEPLOY_START_ON_MAIN = {
  defaultBranch: 'main',
  defaultBranchTip: 'e'.repeat(40),
  config: undefined,
  pullRequestsOfSha: undefined,
  deployments: undefined,
} as const;

export { createReconcileHarness, SEED_PR_BODY };

export const MINUTE = 60_000;
export const DEPLOYED = 'd'.repeat(40);
export const VOUCH = 'Change Gate · deployed production';

export type Harness = ReturnType<typeof createReconcileHarness>;

/** A change approved by all four roles and merged (its merge commit DEPLOYED): what a deploy ships. */
export const approvedAndMerged = async () => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  await harness.reconcile(pr);
  for (const login of ['sam', 'erin', 'carl', 'lee']) {
    harness.advance(MINUTE);
    harness.github.review(pr, { author: login, state: 'APPROVED' });
    await harness.reconcile(pr, login);
  }
  harness.github.edit(pr, { state: 'closed', merged: true });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  return { harness, pr };
};

export const payloadFor = (harness: Harness, pr: number, changeId = 'CHG-2026-001') => ({
  change_gate: {
    v: 1,
    changes: [
      {
        pr,
        change_id: changeId,
        head_sha: harness.github.get(pr).headSha,
        type: 'security',
        testing_required: true,
      },
    ],
  },
});

export const statusEvent = (
  harness: Harness,
  options: {
    state: string;
    description?: string;
    environment?: string;
    payload?: unknown;
    statusId?: number;
    /** Deployment 99 created at 11:00 unless said. */
    deploymentId?: number;
    createdAt?: string;
  },
): DeploymentStatusInput => ({
  repo: { owner: harness.github.owner, repo: harness.github.repo },
  deployment: {
    id: options.deploymentId ?? 99,
    sha: DEPLOYED,
    environment: options.environment ?? 'production',
    createdAt: options.createdAt ?? '2026-03-02T11:00:00Z',
  },
  payload: options.payload ?? {},
  status: {
    id: options.statusId ?? 500,
    state: options.state,
    description: options.description ?? null,
    createdAt: '2026-03-02T11:05:00Z',
    logUrl: null,
  },
  actor: 'github-actions[bot]',
});

/**
 * GitHub as the gate reads it for deployment 99 of DEPLOYED, a first deploy on main: the pull requests of
 * DEPLOYED (`inRange`, merged there when merged), the app's check runs on their heads, and the vouchers the
 * app writes (kept here: they sit on a commit no change has as its head).
 */
export const deployGitHub = (harness: Harness, inRange: number[]) => {
  const vouchers: DeployCheckRun[] = [];
  const reads: string[] = [];
  /** Reads of the vouchers (the deployed commit's "deployed" check runs). */
  const voucherReads: string[] = [];
  const pullOf = (number: number): PullRequestOfCommit => {
    const change = harness.github.get(number);
    return {
      number,
      title: change.title,
      body: change.body,
      state: change.state,
      mergedAt: change.merged ? '2026-03-02T10:30:00Z' : null,
      mergeCommitSha: change.merged ? DEPLOYED : null,
      headSha: change.merged ? (change.headSha ?? '') : DEPLOYED,
      baseRef: 'main',
      labels: change.labels,
    };
  };
  const unexpected = (name: string) => () => Promise.reject(new Error(`${name} not expected`));
  const deployPort: DeployPort = {
    readConfigFile: async () => null,
    readDeployStart: async () => DEPLOY_START_ON_MAIN,
    listDeployments: async () => {
      reads.push('deployments');
      return [];
    },
    listDeploymentStatuses: unexpected('listDeploymentStatuses'),
    compareCommits: async ({ base }) => ({
      status: base === 'main' ? 'behind' : 'ahead',
      totalCommits: 0,
      commits: [],
    }),
    pullRequestsOfCommit: async () => inRange.map(pullOf),
    filesOfCommit: async () => [],
    checkRunsOf: async ({ sha, checkName }) => {
      if (checkName === VOUCH) voucherReads.push(sha);
      return [
        ...vouchers.filter((run) => run.headSha === sha && run.name === checkName),
        ...[...harness.github.changes.values()].flatMap((change) =>
          change.checkRuns
            .filter((run) => run.headSha === sha && run.name === checkName)
            .map((run) => ({ ...run, externalId: null, htmlUrl: null })),
        ),
      ];
    },
    getDeployment: unexpected('getDeployment'),
    createDeployment: unexpected('createDeployment'),
    createDeploymentStatus: unexpected('createDeploymentStatus'),
  };
  const port: GitHubPort = {
    ...harness.github.port,
    async createCheckRun(repo, run: CheckRunWrite) {
      if (run.headSha !== DEPLOYED) return harness.github.port.createCheckRun(repo, run);
      const id = 7000 + vouchers.length;
      vouchers.push({
        id,
        name: run.name,
        status: run.status,
        conclusion: run.conclusion,
        appId: harness.github.app.id,
        appSlug: harness.github.app.slug,
        headSha: run.headSha,
        outputTitle: run.title,
        outputSummary: run.summary,
        startedAt: null,
        externalId: run.externalId,
        htmlUrl: null,
      });
      return { id };
    },
  };
  return { deployPort, port, vouchers, reads, voucherReads };
};

export const recorder = (harness: Harness, inRange: number[], deps: UseCaseDeps = harness.deps) => {
  const logs: string[] = [];
  const github = deployGitHub(harness, inRange);
  return {
    ...github,
    logs,
    record: (event: DeploymentStatusInput, port: GitHubPort = github.port) =>
      recordDeployment({
        deps,
        port,
        deployPort: github.deployPort,
        log: {
          info: (message: string) => logs.push(message),
          warn: (message) => logs.push(`warn: ${message}`),
        },
        event,
      }),
  };
};

/** Lifecycle events (implementation-step ticks left out: see `steps`). */
export const events = (harness: Harness, pr: number) =>
  harness
    .history(pr)
    .entries.filter(({ entry }) => entry.event !== 'step_completed')
    .map(({ entry }) => entry.event);

/** The implementation steps the history shows ticked: step id, who, from which evidence. */
export const steps = (harness: Harness, pr: number) =>
  harness
    .history(pr)
    .entries.filter(({ entry }) => entry.event === 'step_completed')
    .map(({ entry }) => [entry.data.step, entry.actor, entry.data.evidence ?? null]);

/** The newest lifecycle entry. */
export const lastEvent = (harness: Harness, pr: number) =>
  harness
    .history(pr)
    .entries.filter(({ entry }) => entry.event !== 'step_completed')
    .at(-1)?.entry;
