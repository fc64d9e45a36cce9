import { describe, expect, test } from 'vitest';
import type { PullRequestOfCommit } from '../../../src/github/ports/deploy-port.ts';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import { type DeploymentStatusInput, recordDeployment } from '../../../src/use-cases/record-deployment.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const DEPLOYED = 'd'.repeat(40);

type Harness = ReturnType<typeof createReconcileHarness>;

/** A change approved by all four roles and merged: what a deploy ships. */
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

const recorder = (harness: Harness, pulls: PullRequestOfCommit[] = []) => {
  const logs: string[] = [];
  const commitsAsked: string[] = [];
  return {
    logs,
    commitsAsked,
    record: (event: DeploymentStatusInput, port: GitHubPort = harness.github.port) =>
      recordDeployment({
        deps: harness.deps,
        port,
        deployPort: {
          pullRequestsOfCommit: async (sha) => {
            commitsAsked.push(sha);
            return pulls;
          },
        },
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
  test('the gate deploys an approved change: implementing, then completed, labels follow', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness);
    const payload = payloadFor(harness, pr);

    await record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }));
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:implementing']);
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
  });

  test('a redelivered status, or two at once, records one entry', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness);
    const event = statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) });

    await Promise.all([record(event), record(event)]);
    await record(event);

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    // Serialised by the change's lock: no second comment for the reader to drop as a duplicate.
    expect(harness.history(pr).problems).toEqual([]);
  });

  test('a later reconcile of the change keeps the recorded status and writes nothing', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness);
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
    const { record } = recorder(harness);
    await record(
      statusEvent(harness, { state: 'success', environment: 'staging', payload: payloadFor(harness, pr) }),
    );

    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(pr).entries.at(-1)?.entry.data.production).toBe(false);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    expect((await harness.reconcile(pr)).status).toBe('approved');
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
  });

  test('a deployment the gate did not create: the labeled PRs of the deployed commit', async () => {
    const { harness, pr } = await approvedAndMerged();
    const other = harness.github.openPullRequest({ author: 'dana', body: 'docs', labels: ['docs'] });
    const pull = (number: number, labels: string[]): PullRequestOfCommit => ({
      number,
      title: '',
      body: null,
      state: 'closed',
      mergedAt: '2026-03-02T10:30:00Z',
      mergeCommitSha: DEPLOYED,
      headSha: DEPLOYED,
      baseRef: 'main',
      labels,
    });
    const { record, commitsAsked } = recorder(harness, [
      pull(pr, ['change', 'change:approved']),
      pull(other, ['docs']),
    ]);

    await record(statusEvent(harness, { state: 'success', payload: '' }));

    expect(commitsAsked).toEqual([DEPLOYED]);
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    expect(harness.history(other).entries).toEqual([]);
    expect(harness.github.get(other).labels).toEqual(['docs']);
  });

  test('a payload naming another change ID for the PR is not believed', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record, logs } = recorder(harness);

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
    const { record, commitsAsked } = recorder(harness);
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
    expect(commitsAsked).toEqual([]);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('one change failing to be read does not keep the others from being recorded, and the failure is reported', async () => {
    const { harness, pr } = await approvedAndMerged();
    const { record } = recorder(harness);
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
