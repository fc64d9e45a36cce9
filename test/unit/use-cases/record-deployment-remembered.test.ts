import { describe, expect, test } from 'vitest';
import { createDeployGateApprovals } from '../../../src/app/create-deploy-gate-approvals.ts';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import type { ProtectionRulePort } from '../../../src/github/ports/protection-rule-port.ts';
import { answerProtectionRule } from '../../../src/use-cases/answer-protection-rule.ts';
import { type DeployGateApprovals, gateApprovalKey } from '../../../src/use-cases/deploy-gate-approvals.ts';
import {
  approvedAndMerged,
  createReconcileHarness,
  DEPLOYED,
  events,
  type Harness,
  payloadFor,
  recorder,
  SEED_PR_BODY,
  statusEvent,
  VOUCH,
} from './record-deployment-harness.ts';

const rules = (): ProtectionRulePort & { answers: string[] } => {
  const answers: string[] = [];
  return {
    answers,
    async reviewProtectionRule({ state }) {
      answers.push(state);
    },
    async reportProtectionRuleStatus() {
      answers.push('waiting');
    },
    listWaitingRuns: async () => [],
    waitingRun: async () => null,
    pendingEnvironments: async () => [],
    protectionRuleAppIds: async () => [],
  };
};

/**
 * The port with the one-request write after the entries (as the Octokit port's GraphQL AfterEntries): the
 * new runs it carried (`create`: the voucher) recorded in `created`, the writes made in the request's order.
 */
const batching = (port: GitHubPort, created: string[]): GitHubPort => ({
  ...port,
  writeAfterEntries: async (ref, writes) => {
    const repo = { owner: ref.owner, repo: ref.repo };
    if (writes.check) await port.updateCheckRun(repo, writes.check.id, writes.check.run);
    if (writes.labels) await port.setLabels(ref, writes.labels);
    if (writes.comment && 'id' in writes.comment)
      await port.updateComment(repo, writes.comment.id, writes.comment.body);
    else if (writes.comment) await port.createComment(ref, writes.comment.body);
    if (writes.create) {
      created.push(writes.create.name);
      await port.createCheckRun(repo, writes.create);
    }
    return 'one request';
  },
});

/** The protection rule asked for deployment `deploymentId` of `sha` (statusEvent's deployment is 99 of DEPLOYED). */
const gate = async (options: {
  harness: Harness;
  approvals: DeployGateApprovals;
  recording: ReturnType<typeof recorder>;
  deploymentId?: number;
  sha?: string;
}) => {
  const port = rules();
  await answerProtectionRule({
    deps: { ...options.harness.deps, gateApprovals: options.approvals },
    deployPort: options.recording.deployPort,
    rulesPort: port,
    log: { info: () => {} },
    repository: { owner: options.harness.github.owner, repo: options.harness.github.repo },
    target: {
      runId: 7,
      environment: 'production',
      sha: options.sha ?? DEPLOYED,
      branch: 'main',
      ...(options.deploymentId === undefined ? {} : { deploymentId: options.deploymentId }),
    },
  });
  return port.answers;
};

describe('the deployment record reuses the approval the protection rule gave this deployment', () => {
  test('implementing and completed are recorded on the gate’s own read: the range is read once in all', async () => {
    const { harness, pr } = await approvedAndMerged();
    const approvals = createDeployGateApprovals();
    const recording = recorder(harness, [pr], { ...harness.deps, gateApprovals: approvals });
    expect(await gate({ harness, approvals, recording, deploymentId: 99 })).toEqual(['approved']);
    expect(recording.reads).toEqual(['deployments']);
    // Kept without the pull requests' bodies (the memory stays small); the rest as the gate read it.
    const kept = approvals.recall(
      gateApprovalKey({
        owner: harness.github.owner,
        repo: harness.github.repo,
        environment: 'production',
        deploymentId: 99,
        sha: DEPLOYED,
      }),
    );
    expect(kept?.read.scope.pullRequests).toMatchObject([{ number: pr, body: null }]);

    const payload = payloadFor(harness, pr);
    await recording.record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }));
    await recording.record(statusEvent(harness, { state: 'success', payload, statusId: 2 }));

    expect(recording.reads).toEqual(['deployments']);
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:completed']);
    expect(recording.vouchers).toMatchObject([
      { name: VOUCH, headSha: DEPLOYED, externalId: 'deployment-99' },
    ]);
    expect(
      recording.logs.filter((line) => line.includes("this app's protection rule approved it")),
    ).toHaveLength(2);
    // The process knows it has not vouched yet: the voucher is written without reading the check runs.
    expect(recording.voucherReads).toEqual([]);

    // The success delivered again: the memory says it is vouched for; nothing read, nothing written.
    await recording.record(statusEvent(harness, { state: 'success', payload, statusId: 2 }));
    expect(recording.voucherReads).toEqual([]);
    expect(recording.vouchers).toHaveLength(1);
  });

  test('the voucher goes with the last change’s writes; that request failing after GitHub created it, the voucher is read before it is written again, never twice', async () => {
    const { harness, pr } = await approvedAndMerged();
    const approvals = createDeployGateApprovals();
    const recording = recorder(harness, [pr], { ...harness.deps, gateApprovals: approvals });
    expect(await gate({ harness, approvals, recording, deploymentId: 99 })).toEqual(['approved']);
    const payload = payloadFor(harness, pr);
    await recording.record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }));
    // A 502 after GitHub wrote: the voucher exists, the answer is lost.
    let lost = 1;
    const created: string[] = [];
    const flaky = batching(
      {
        ...recording.port,
        createCheckRun: async (...[repo, run]: Parameters<typeof recording.port.createCheckRun>) => {
          const made = await recording.port.createCheckRun(repo, run);
          if (run.name === VOUCH && lost-- > 0) throw new Error('GitHub answered 502');
          return made;
        },
      },
      created,
    );
    await expect(
      recording.record(statusEvent(harness, { state: 'success', payload, statusId: 2 }), flaky),
    ).rejects.toThrow(/502/);
    // It went in the request after the change's entries; the runs were read before a second voucher: the
    // one the failed request created is found.
    expect(created).toEqual([VOUCH]);
    expect(recording.voucherReads).toEqual([DEPLOYED]);
    expect(recording.vouchers).toHaveLength(1);
    // The event's retry: the change is recorded, nothing vouched again.
    await recording.record(statusEvent(harness, { state: 'success', payload, statusId: 2 }), flaky);
    expect(recording.vouchers).toHaveLength(1);
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing', 'completed']);
  });

  test('a voucher sent on its own (no change in the deploy) whose answer is lost: the retry reads the runs first', async () => {
    const { harness } = await approvedAndMerged();
    const approvals = createDeployGateApprovals();
    const recording = recorder(harness, [], { ...harness.deps, gateApprovals: approvals });
    expect(await gate({ harness, approvals, recording, deploymentId: 99 })).toEqual(['approved']);
    let lost = 1;
    const flaky = {
      ...recording.port,
      createCheckRun: async (...[repo, run]: Parameters<typeof recording.port.createCheckRun>) => {
        const created = await recording.port.createCheckRun(repo, run);
        if (run.name === VOUCH && lost-- > 0) throw new Error('GitHub answered 502');
        return created;
      },
    };
    const success = statusEvent(harness, { state: 'success', payload: {}, statusId: 2 });
    await expect(recording.record(success, flaky)).rejects.toThrow(/the voucher: GitHub answered 502/);
    expect(recording.voucherReads).toEqual([]);
    await recording.record(success, flaky);
    expect(recording.voucherReads).toEqual([DEPLOYED]);
    expect(recording.vouchers).toHaveLength(1);
  });

  test('an approval of another deployment, or of the same id on another commit, is not used: the range is read again', async () => {
    const { harness, pr } = await approvedAndMerged();
    const approvals = createDeployGateApprovals();
    const recording = recorder(harness, [pr], { ...harness.deps, gateApprovals: approvals });
    await gate({ harness, approvals, recording, deploymentId: 98 });
    await gate({ harness, approvals, recording, deploymentId: 99, sha: 'e'.repeat(40) });
    // The protection rule without a deployment id (a run released after an approval) remembers nothing.
    await gate({ harness, approvals, recording });
    const before = recording.reads.length;

    await recording.record(statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) }));

    expect(recording.reads.length).toBe(before + 1);
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'completed']);
    // Not this process's approval of this deployment: whether it is vouched for already is read first.
    expect(recording.voucherReads).toEqual([DEPLOYED]);
    expect(recording.vouchers).toHaveLength(1);
  });

  test('a deploy the gate does not approve is never remembered: its statuses decide afresh (an ungated finding)', async () => {
    // A change merged without its approvals: the gate leaves the run waiting.
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed', merged: true });
    await harness.reconcile(pr);
    const approvals = createDeployGateApprovals();
    const recording = recorder(harness, [pr], { ...harness.deps, gateApprovals: approvals });
    const answers = await gate({ harness, approvals, recording, deploymentId: 99 });
    expect(answers).not.toContain('approved');

    await recording.record(statusEvent(harness, { state: 'success', payload: payloadFor(harness, pr) }));

    expect(recording.reads).toEqual(['deployments', 'deployments']);
    expect(events(harness, pr)).toEqual(['submitted', 'ungated_deployment']);
    expect(recording.vouchers).toEqual([]);
  });
});

describe('the process memory of gate approvals', () => {
  const approval = { decision: { status: 'approved' } } as never;

  test('expires, and keeps at most its capacity, the oldest going first', () => {
    let now = 0;
    const approvals = createDeployGateApprovals({ capacity: 2, ttlMs: 100, now: () => now });
    approvals.remember('a', approval);
    approvals.remember('b', approval);
    approvals.remember('c', approval);
    expect([approvals.recall('a'), approvals.recall('b'), approvals.recall('c')]).toEqual([
      undefined,
      approval,
      approval,
    ]);
    now = 100;
    expect(approvals.recall('b')).toBeUndefined();
  });
});
