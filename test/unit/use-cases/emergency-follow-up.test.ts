import { describe, expect, test } from 'vitest';
import type { IssueFact } from '../../../src/core/emergency/review-issue.ts';
import type { ReviewIssuePort } from '../../../src/github/ports/review-issue-port.ts';
import { reconcileChange } from '../../../src/use-cases/reconcile-change.ts';
import { recordDeployment } from '../../../src/use-cases/record-deployment.ts';
import { EMERGENCY_BODY } from '../../support/change-bodies.ts';
import { lockOfOneReplica } from '../../support/replica-locks.ts';
import {
  createReconcileHarness,
  deployGitHub,
  events,
  type Harness,
  MINUTE,
  statusEvent,
} from './record-deployment-harness.ts';

/** Issues as GitHub keeps them, and the replies the app posts. */
const memoryIssues = (botLogin: string) => {
  const issues: IssueFact[] = [];
  const replies: Array<{ number: number; comment: string }> = [];
  let next = 50;
  const port: ReviewIssuePort = {
    readIssue: async (ref) => issues.find((issue) => issue.number === ref.number) ?? null,
    issuesOpenedBy: async (_repo, login) => issues.filter((issue) => issue.author === login),
    createIssue: async (_repo, plan) => {
      const issue: IssueFact = {
        number: next++,
        author: botLogin,
        state: 'open',
        closedBy: null,
        body: plan.body,
        htmlUrl: '',
      };
      issues.push(issue);
      return issue;
    },
    reopenIssue: async (ref, comment) => {
      replies.push({ number: ref.number, comment });
      Object.assign(issues.find((issue) => issue.number === ref.number)!, { state: 'open', closedBy: null });
    },
  };
  const close = (number: number, by: string) =>
    Object.assign(issues.find((issue) => issue.number === number)!, { state: 'closed', closedBy: by });
  return { port, issues, replies, close };
};

/** Confirmed by lee (security-team-lead), merged, then deployed by erin (engineering-manager). */
const deployedFirst = async () => {
  const harness = createReconcileHarness();
  harness.github.setTeam('engineering-manager', ['erin', 'eve']);
  const pr = harness.github.openPullRequest({ author: 'dana', body: EMERGENCY_BODY, labels: ['change'] });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  harness.github.comment(pr, { author: 'lee', body: '/emergency' });
  await harness.reconcile(pr, 'lee');
  harness.github.edit(pr, { state: 'closed', merged: true });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  const issues = memoryIssues(harness.github.app.botLogin);
  const { port, deployPort } = deployGitHub(harness, [pr]);
  const log = { info: () => {}, warn: () => {} };
  const deploy = (state: string, statusId: number) => {
    const event = statusEvent(harness, { state, statusId });
    return recordDeployment({
      deps: harness.deps,
      port,
      deployPort,
      log,
      reviewIssues: issues.port,
      event: { ...event, deployment: { ...event.deployment, creator: 'erin' } },
    });
  };
  const reconcile = async (actor: string) => {
    harness.advance(MINUTE);
    return reconcileChange({
      deps: harness.deps,
      port: harness.github.port,
      log: { info: () => {} },
      ref: harness.github.ref(pr),
      actor,
      reviewIssues: issues.port,
    });
  };
  return { harness, pr, issues, deploy, reconcile };
};

const entry = (harness: Harness, pr: number, event: string) =>
  harness.history(pr).entries.find((verified) => verified.entry.event === event)?.entry;

describe('an emergency change deployed before approval', () => {
  test('records emergency_implemented with the review issue it opens, once', async () => {
    const { harness, pr, issues, deploy } = await deployedFirst();
    await deploy('in_progress', 1);
    await deploy('in_progress', 1);
    expect(events(harness, pr)).toEqual(['submitted', 'emergency_confirmed', 'emergency_implemented']);
    expect(issues.issues).toHaveLength(1);
    expect(entry(harness, pr, 'emergency_implemented')?.data).toMatchObject({
      confirmed_by: 'lee',
      deployer: 'erin',
      review_issue: issues.issues[0]?.number,
      deadline: '2026-03-02T12:00:00.000Z',
      review_due: '2026-03-05T11:00:00.000Z',
    });
    expect(harness.github.get(pr).labels.sort()).toEqual([
      'change',
      'change:emergency',
      'change:implementing',
    ]);
  });

  test('owes a retroactive approval the deployer cannot give, and a review the author cannot close; completed when both are in', async () => {
    const { harness, pr, issues, deploy, reconcile } = await deployedFirst();
    await deploy('in_progress', 1);
    await deploy('success', 2);
    expect(events(harness, pr).slice(-2)).toEqual(['emergency_implemented', 'emergency_implemented']);
    expect(entry(harness, pr, 'completed')).toBeUndefined();

    harness.github.review(pr, { author: 'erin', state: 'APPROVED' });
    harness.github.review(pr, { author: 'lee', state: 'APPROVED' });
    const waiting = await reconcile('lee');
    expect(waiting.status).toBe('implementing');
    expect(waiting.approval?.ignored).toEqual([
      expect.objectContaining({ login: 'erin', reason: 'excluded' }),
    ]);
    expect(waiting.check?.title).toMatch(
      /^Emergency change deployed — owes retroactive approval and post-implementation review/,
    );

    harness.github.review(pr, { author: 'eve', state: 'APPROVED' });
    await reconcile('eve');
    expect(events(harness, pr).at(-1)).toBe('retroactively_approved');
    expect(entry(harness, pr, 'retroactively_approved')?.actor).toBe('eve');

    const review = issues.issues[0]!.number;
    issues.close(review, 'dana');
    const refused = await reconcile('dana');
    expect(refused.status).toBe('implementing');
    expect(issues.issues[0]?.state).toBe('open');
    expect(issues.replies[0]?.comment).toMatch(/author of the change/);
    expect(events(harness, pr)).not.toContain('reviewed');

    issues.close(review, 'carl');
    const done = await reconcile('carl');
    expect(events(harness, pr).slice(-2)).toEqual(['reviewed', 'completed']);
    expect(entry(harness, pr, 'reviewed')).toMatchObject({ actor: 'carl', data: { review_issue: review } });
    expect(done.status).toBe('completed');
    // Every completed change owes its next review: review_after (30d) after completion.
    const completedAt = Date.parse(entry(harness, pr, 'completed')?.at ?? '');
    expect(entry(harness, pr, 'completed')?.data.next_review).toBe(
      new Date(completedAt + 30 * 86_400_000).toISOString().slice(0, 10),
    );
    expect(harness.github.get(pr).labels.sort()).toEqual(['change', 'change:completed', 'change:emergency']);
    // Settled: evaluating again writes nothing.
    await reconcile('carl');
    expect(events(harness, pr).at(-1)).toBe('completed');
    expect(harness.history(pr).problems).toEqual([]);
  });

  test("without the replicas' lock, reopening the review issue counts as a write: the change is read again", async () => {
    const { harness, pr, issues, deploy, reconcile } = await deployedFirst();
    await deploy('in_progress', 1);
    await reconcile('lee');
    const review = issues.issues[0]!.number;
    issues.close(review, 'dana');
    let reads = 0;
    const decision = await reconcileChange({
      deps: { ...harness.deps, lock: lockOfOneReplica(false) },
      port: {
        ...harness.github.port,
        readChange: (ref) => {
          reads++;
          return harness.github.port.readChange(ref);
        },
      },
      log: { info: () => {} },
      ref: harness.github.ref(pr),
      actor: 'dana',
      reviewIssues: issues.port,
    });
    expect(decision.status).toBe('implementing');
    expect(issues.replies).toHaveLength(1);
    // The reopen was this round's only write; a replica that read before it may write after it: read again,
    // and the second round (the issue open) writes nothing.
    expect(reads).toBe(2);
  });

  test('a review issue someone else opened with the marker does not count', async () => {
    const { harness, pr, issues, deploy, reconcile } = await deployedFirst();
    await deploy('in_progress', 1);
    const forged = {
      ...issues.issues[0]!,
      number: 99,
      author: 'mallory',
      state: 'closed' as const,
      closedBy: 'mallory',
    };
    issues.issues.splice(0, 1, forged);
    await reconcile('mallory');
    expect(events(harness, pr)).not.toContain('reviewed');
  });

  test('what it owes escalates once per period past its deadline: the retroactive approval hourly, the review per its window', async () => {
    const { harness, pr, deploy, reconcile } = await deployedFirst();
    await deploy('in_progress', 1);
    const escalated = () =>
      harness
        .history(pr)
        .entries.filter(({ entry }) => entry.event === 'escalated')
        .map(({ entry }) => `${entry.data.overdue}:${entry.data.period}`);
    // The retroactive approval is due at 12:00, one hour after the deploy.
    harness.advance(Date.parse('2026-03-02T12:00:00.000Z') - harness.deps.now().getTime() - MINUTE);
    await reconcile('anyone');
    await reconcile('anyone');
    expect(escalated()).toEqual(['retroactive_approval:1']);
    expect(harness.github.get(pr).labels).toContain('change:overdue');
    expect(harness.latestCheck(pr)?.outputSummary).toContain('**Overdue (retroactive approval):**');
    expect(entry(harness, pr, 'escalated')?.data).toMatchObject({
      level: 'emergency',
      deadline: '2026-03-02T12:00:00.000Z',
      contacts: ['change-manager'],
    });

    // Approved retroactively: that escalation stops; the review (due 2026-03-05T11:00) escalates on its own.
    harness.github.review(pr, { author: 'lee', state: 'APPROVED' });
    harness.github.review(pr, { author: 'eve', state: 'APPROVED' });
    await reconcile('eve');
    expect(events(harness, pr).at(-1)).toBe('retroactively_approved');
    harness.advance(3 * 24 * 60 * MINUTE);
    await reconcile('anyone');
    await reconcile('anyone');
    expect(escalated()).toEqual(['retroactive_approval:1', 'post_implementation_review:1']);
    expect(harness.github.get(pr).labels).toContain('change:overdue');
    expect(harness.history(pr).problems).toEqual([]);
  });
});
