import { describe, expect, test } from 'vitest';
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';
import type { DeployPort, PullRequestOfCommit } from '../../../src/github/ports/deploy-port.ts';
import type { CheckRunWrite, GitHubPort } from '../../../src/github/ports/github-port.ts';
import { type DeploymentStatusInput, recordDeployment } from '../../../src/use-cases/record-deployment.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const DEPLOYED = 'd'.repeat(40);
const VOUCH = 'Change Gate · deployed production';

type Harness = ReturnType<typeof createReconcileHarness>;

/** A change approved by all four roles and merged (its merge commit DEPLOYED): what a deploy ships. */
const approvedAndMerged = async () => {
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

const payloadFor = (harness: Harness, pr: number, changeId = 'CHG-2026-001') => ({
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

const statusEvent = (
  harness: Harness,
  options: {
    state: string;
    description?: string;
    environment?: string;
    payload?: unknown;
    statusId?: number;
  },
): DeploymentStatusInput => ({
  repo: { owner: harness.github.owner, repo: harness.github.repo },
  deployment: {
    id: 99,
    sha: DEPLOYED,
    environment: options.environment ?? 'production',
    createdAt: '2026-03-02T11:00:00Z',
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
const deployGitHub = (harness: Harness, inRange: number[]) => {
  const vouchers: DeployCheckRun[] = [];
  const reads: string[] = [];
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
    defaultBranch: async () => 'main',
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
    checkRunsOf: async ({ sha, checkName }) => [
      ...vouchers.filter((run) => run.headSha === sha && run.name === checkName),
      ...[...harness.github.changes.values()].flatMap((change) =>
        change.checkRuns
          .filter((run) => run.headSha === sha && run.name === checkName)
          .map((run) => ({ ...run, externalId: null, htmlUrl: null })),
      ),
    ],
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
  return { deployPort, port, vouchers, reads };
};

const recorder = (harness: Harness, inRange: number[]) => {
  const logs: string[] = [];
  const github = deployGitHub(harness, inRange);
  return {
    ...github,
    logs,
    record: (event: DeploymentStatusInput, port: GitHubPort = github.port) =>
      recordDeployment({
        deps: harness.deps,
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

const events = (harness: Harness, pr: number) => harness.history(pr).entries.map(({ entry }) => entry.event);

describe('recording deployments in the change history', () => {
  test('a gated deploy of an approved change: implementing, completed, labels follow, and the app vouches for it', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, vouchers } = recorder(harness, [pr]);
    const payload = payloadFor(harness, pr);

    await record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }));
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:implementing']);
    expect(vouchers).toEqual([]);
    await record(
      statusEvent(harness, { state: 'success', description: 'Deployed. CHG-2026-001', payload, statusId: 2 }),
    );

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:completed']);
    const completed = harness.history(pr).entries.at(-1)?.entry;
    expect(completed?.actor).toBe('github-actions[bot]');
    expect(completed?.data).toMatchObject({
      environment: 'production',
      deployment_id: 99,
      duration_seconds: 300,
    });
    expect(harness.history(pr).problems).toEqual([]);
    expect(vouchers).toMatchObject([
      { name: VOUCH, headSha: DEPLOYED, conclusion: 'success', externalId: 'deployment-99' },
    ]);
    expect(vouchers[0]?.outputTitle).toBe('Deployed to production through the gate: CHG-2026-001');
  });

  test('a redelivered status, or two at once, records one entry and one voucher', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, vouchers } = recorder(harness, [pr]);
    const event = statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) });

    await Promise.all([record(event), record(event)]);
    await record(event);

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(pr).problems).toEqual([]);
    expect(vouchers.length).toBeGreaterThanOrEqual(1);
    const before = vouchers.length;
    await record(event);
    expect(vouchers.length).toBe(before);
  });

  test('a later reconcile of the change keeps the recorded status and writes nothing', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    await record(
      statusEvent(harness, {
        state: 'failure',
        description: 'Rolled back: 500s',
        payload: payloadFor(harness, pr),
      }),
    );
    const writes = harness.github.writes.length;

    const decision = await harness.reconcile(pr);

    expect(decision.status).toBe('rolled_back');
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:rolled-back']);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('a staging deployment is recorded but the change stays approved, also after a reconcile', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    await record(
      statusEvent(harness, { state: 'success', environment: 'staging', payload: payloadFor(harness, pr) }),
    );

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(pr).entries.at(-1)?.entry.data.production).toBe(false);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    expect((await harness.reconcile(pr)).status).toBe('approved');
  });

  test('a deployment without the gate payload: the labeled pull requests of its range', async () => {
    const { harness, pr } = await approvedAndMerged();
    const other = harness.github.openPullRequest({ author: 'dana', body: 'docs', labels: ['docs'] });
    harness.github.edit(other, { state: 'closed', merged: true });
    const { record } = recorder(harness, [pr, other]);

    await record(statusEvent(harness, { state: 'success', payload: '' }));

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(other).entries).toEqual([]);
    expect(harness.github.get(other).labels).toEqual(['docs']);
  });

  test('a payload naming another change ID for the PR is not believed', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, logs } = recorder(harness, [pr]);

    const decisions = await record(
      statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr, 'CHG-2025-001') }),
    );

    expect(decisions).toEqual([]);
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
    expect(logs.join('\n')).toContain(
      'the payload names CHG-2025-001 for #1, which is CHG-2026-001: skipped',
    );
  });

  test('inactive and waiting statuses cost no read at all', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, reads } = recorder(harness, [pr]);
    const writes = harness.github.writes.length;
    const untouchable = new Proxy({} as GitHubPort, {
      get: (_target, name) => () => {
        throw new Error(`unexpected ${String(name)}`);
      },
    });

    for (const state of ['inactive', 'waiting']) {
      expect(
        await record(statusEvent(harness, { state, payload: payloadFor(harness, pr) }), untouchable),
      ).toEqual([]);
    }
    expect(reads).toEqual([]);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('one change failing to be read does not keep the others from being recorded, and the failure is reported', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness, [pr]);
    const payload = payloadFor(harness, pr);
    payload.change_gate.changes.unshift({
      ...payload.change_gate.changes[0]!,
      pr: 77,
      change_id: 'CHG-2026-077',
    });

    await expect(record(statusEvent(harness, { state: 'success', payload }))).rejects.toThrow(
      'deployment 99 to production (success) not recorded for #77: #77 not found',
    );
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
  });
});

describe('ungated deployments are findings, never moves', () => {
  test('an unapproved change in the range: a finding entry and label, the status stays, no voucher, a log line', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed', merged: true });
    await harness.reconcile(pr);
    const { record, vouchers, logs } = recorder(harness, [pr]);

    await record(statusEvent(harness, { state: 'in_progress', statusId: 1 }));
    await record(statusEvent(harness, { state: 'success', statusId: 2 }));

    expect(events(harness, pr)).toEqual(['submitted', 'ungated_deployment']);
    const finding = harness.history(pr).entries.at(-1)?.entry;
    expect(finding?.actor).toBe('github-actions[bot]');
    expect(finding?.data).toMatchObject({ deployment_id: 99, environment: 'production', sha: DEPLOYED });
    expect(String(finding?.data.reason)).toMatch(/^the gate did not approve it \(pending: /);
    expect(harness.github.get(pr).labels).toEqual([
      'change',
      'change:pending-approval',
      'change:deployed-unapproved',
    ]);
    expect(vouchers).toEqual([]);
    expect(
      logs.some((line) =>
        line.startsWith(
          'warn: deployment 99 to production (in_progress): ungated deployment of dddddddddddddddddddddddddddddddddddddddd by github-actions[bot]',
        ),
      ),
    ).toBe(true);
    // The finding is no status: a reconcile keeps the change pending, and the finding label.
    expect((await harness.reconcile(pr)).status).toBe('pending_approval');
    expect(harness.github.get(pr).labels).toContain('change:deployed-unapproved');
  });

  test('a payload naming an open change it does not ship: a finding, and the change is still evaluated', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const { record } = recorder(harness, []);

    await record(statusEvent(harness, { state: 'in_progress', payload: payloadFor(harness, pr) }));

    expect(events(harness, pr)).toEqual(['submitted', 'ungated_deployment']);
    expect(String(harness.history(pr).entries.at(-1)?.entry.data.reason)).toBe(
      "the deployment's payload names it, but its merged commit is not in the deployment's range",
    );
    for (const login of ['sam', 'erin', 'carl', 'lee']) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    expect((await harness.reconcile(pr)).status).toBe('approved');
    // Outside production, the same is only logged.
    const staging = recorder(harness, []);
    await staging.record(
      statusEvent(harness, { state: 'success', environment: 'staging', payload: payloadFor(harness, pr) }),
    );
    expect(events(harness, pr).filter((event) => event === 'ungated_deployment')).toHaveLength(1);
    expect(staging.logs.join('\n')).toContain('(not a production environment: not recorded)');
  });

  test('an approved open pull request deployed as it is: gated, vouched for, but never moved', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    for (const login of ['sam', 'erin', 'carl', 'lee']) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    // The head itself is deployed: its check runs are on DEPLOYED.
    for (const run of harness.github.get(pr).checkRuns) run.headSha = DEPLOYED;
    harness.github.get(pr).headSha = DEPLOYED;
    const { record, vouchers, logs } = recorder(harness, [pr]);

    await record(statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) }));

    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
    expect(logs.join('\n')).toContain('#1: open, deployed as it is: an open change is never moved');
    expect(vouchers).toHaveLength(1);
  });
});
