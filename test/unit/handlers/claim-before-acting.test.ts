import type { Context, Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/app-deps.ts';
import { registerDeploymentCreatedHandler } from '../../../src/handlers/deployment-created.ts';
import { registerIssueCommentHandlers } from '../../../src/handlers/issue-comment.ts';
import { registerIssueHandlers } from '../../../src/handlers/issues.ts';
import { oncePerDelivery } from '../../../src/handlers/once-per-delivery.ts';
import { registerPullRequestReviewHandlers } from '../../../src/handlers/pull-request-review.ts';
import { type Handler, recordingClaims } from '../../support/recording-claims.ts';

/**
 * The real handlers under `oncePerDelivery`, with dependencies that record every use and then refuse it: what
 * a handler touches before its claim is answered shows whether it acted unclaimed.
 */
const harness = (register: (app: Probot, deps: AppDeps) => void, claimed: boolean) => {
  const { app, handlers, outcome, claims } = recordingClaims({ claimed });
  const deps = new Proxy({} as AppDeps, {
    get(_target, key) {
      outcome.push(`used deps.${String(key)}`);
      throw new Error(`deps.${String(key)} used`);
    },
  });
  register(oncePerDelivery(app, claims), deps);
  const run = (name: string, payload: Record<string, unknown>, handler = 0) =>
    (handlers[handler] as Handler)({
      id: 'delivery-1',
      name,
      payload,
      log: { info: () => undefined, debug: () => undefined, child: () => ({}) },
      repo: () => ({ owner: 'acme', repo: 'web' }),
      octokit: {},
    } as unknown as Context);
  return { run, outcome };
};

const command = {
  action: 'created',
  comment: { id: 7, body: '/implement rotating the keys', user: { login: 'olive', type: 'User' } },
  issue: { number: 3 },
  sender: { login: 'olive', type: 'User' },
};

const approval = {
  action: 'submitted',
  pull_request: { number: 4, labels: [{ name: 'change' }] },
  review: { state: 'approved' },
  sender: { login: 'sam' },
};

describe('handlers that claim when acting claim before they act', () => {
  it.each([
    ['a lifecycle command', registerIssueCommentHandlers, 'issue_comment', command],
    ['an approval of a change', registerPullRequestReviewHandlers, 'pull_request_review', approval],
  ] as const)(
    '%s claimed by another replica is left alone: nothing used',
    async (_what, register, name, payload) => {
      const { run, outcome } = harness(register, false);
      await run(name, payload);
      expect(outcome).toEqual(['claimed delivery-1#0']);
    },
  );

  it('a lifecycle command claimed here is answered after its claim', async () => {
    const { run, outcome } = harness(registerIssueCommentHandlers, true);
    await expect(run('issue_comment', command)).rejects.toThrow(/deps\.\w+ used/);
    expect(outcome.slice(0, 2)).toEqual(['claimed delivery-1#0', 'used deps.teams']);
    expect(outcome.at(-1)).toBe('released delivery-1#0');
  });

  it('a comment without a command costs no claim and uses nothing', async () => {
    const { run, outcome } = harness(registerIssueCommentHandlers, true);
    await run('issue_comment', { ...command, comment: { ...command.comment, body: 'Looks good' } });
    expect(outcome).toEqual([]);
  });

  it('an approval of a change claimed here is evaluated after its claim', async () => {
    const { run, outcome } = harness(registerPullRequestReviewHandlers, true);
    await expect(run('pull_request_review', approval)).rejects.toThrow(/deps\.\w+ used/);
    expect(outcome[0]).toBe('claimed delivery-1#0');
    expect(outcome[1]).toMatch(/^used deps\./);
  });

  it('a review of a pull request that is not a change costs no claim', async () => {
    const { run, outcome } = harness(registerPullRequestReviewHandlers, true);
    await run('pull_request_review', { ...approval, pull_request: { number: 4, labels: [] } });
    expect(outcome).toEqual([]);
  });

  it("closing a person's issue costs the review-issue handler no claim; the change handler claims before it acts", async () => {
    const closed = {
      action: 'closed',
      issue: { number: 5, user: { login: 'dana', type: 'User' }, body: '' },
      sender: { login: 'dana' },
    };
    const review = harness(registerIssueHandlers, true);
    await review.run('issues', closed, 1);
    expect(review.outcome).toEqual([]);
    const change = harness(registerIssueHandlers, false);
    await change.run('issues', closed, 0);
    expect(change.outcome).toEqual(['claimed delivery-1#0']);
  });

  it('a deployment the gate did not create costs no claim; one it created is recorded after its claim', async () => {
    const deployment = (payload: unknown) => ({
      action: 'created',
      deployment: { id: 9, environment: 'production', payload, created_at: '2026-12-01T00:00:00Z' },
      sender: { login: 'ci' },
    });
    const other = harness(registerDeploymentCreatedHandler, true);
    await other.run('deployment', deployment({}));
    expect(other.outcome).toEqual([]);
    const gate = harness(registerDeploymentCreatedHandler, false);
    await gate.run('deployment', deployment({ change_gate: { v: 1, changes: [] } }));
    expect(gate.outcome).toEqual(['claimed delivery-1#0']);
  });
});
