import { describe, expect, test } from 'vitest';
import { readDueMarker } from '../../../src/core/decision/due-marker.ts';
import { createReconcileHarness, SEED_CONFIG, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const escalations = (harness: ReturnType<typeof createReconcileHarness>, number: number) =>
  harness
    .history(number)
    .entries.filter(({ entry }) => entry.event === 'escalated')
    .map(({ entry }) => entry);

const seedWith = (extra: Record<string, unknown>) => {
  const seed = SEED_CONFIG as { change_management: Record<string, unknown> };
  return { change_management: { ...seed.change_management, ...extra } };
};

describe('escalation of a change still pending past its deadline (seed PR: high, 24h)', () => {
  test('one escalated entry per elapsed period, whatever the re-evaluations; change:overdue while overdue', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const deadline = harness.history(pr).entries[0]?.entry.data.deadline as string;
    expect(deadline).toBe('2026-03-03T10:00:00.000Z');
    expect(readDueMarker(harness.latestCheck(pr)?.outputSummary ?? null)).toEqual({ due: deadline });

    harness.advance(DAY - 1);
    await harness.reconcile(pr);
    expect(escalations(harness, pr)).toHaveLength(0);
    expect(harness.github.get(pr).labels).not.toContain('change:overdue');

    harness.advance(1);
    for (let i = 0; i < 3; i++) await harness.reconcile(pr, 'anyone');
    const first = escalations(harness, pr);
    expect(first.map((entry) => entry.data.period)).toEqual([1]);
    expect(first[0]?.actor).toBe('change-gate[bot]');
    expect(first[0]?.data).toMatchObject({
      overdue: 'approval',
      level: 'high',
      deadline,
      contacts: ['change-manager'],
      mentions: ['@acme/change-manager'],
    });
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:pending-approval', 'change:overdue']);
    const comment = harness.github.get(pr).comments.at(-1)?.body ?? '';
    expect(comment).toContain('escalated (period 1) — to @acme/change-manager');
    const summary = harness.latestCheck(pr)?.outputSummary ?? '';
    expect(summary).toContain('**Overdue:** 0m past the approval deadline (2026-03-03 10:00 UTC)');
    expect(readDueMarker(summary)).toEqual({ due: '2026-03-04T10:00:00.000Z' });

    harness.advance(DAY + 5 * HOUR);
    await harness.reconcile(pr);
    await harness.reconcile(pr);
    expect(escalations(harness, pr).map((entry) => entry.data.period)).toEqual([1, 2]);
    expect(harness.latestCheck(pr)?.outputSummary).toContain('**Overdue:** 29h past the approval deadline');
    expect(harness.history(pr).problems).toEqual([]);
  });

  test('several periods missed while nothing ran: the latest three, then one per period again', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(DAY + 9 * DAY);
    await harness.reconcile(pr);
    expect(escalations(harness, pr).map((entry) => entry.data.period)).toEqual([8, 9, 10]);
    harness.advance(DAY);
    await harness.reconcile(pr);
    expect(escalations(harness, pr).map((entry) => entry.data.period)).toEqual([8, 9, 10, 11]);
  });

  test('racing evaluations write each period once', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(2 * DAY);
    await Promise.all([harness.reconcile(pr), harness.reconcile(pr), harness.reconcile(pr)]);
    expect(escalations(harness, pr).map((entry) => entry.data.period)).toEqual([1, 2]);
  });

  test('approval ends it: no more escalations, the overdue label goes, nothing is due', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(DAY);
    await harness.reconcile(pr);
    for (const author of ['sam', 'lee', 'erin', 'carl'])
      harness.github.review(pr, { author, state: 'APPROVED' });
    await harness.reconcile(pr);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    harness.advance(3 * DAY);
    await harness.reconcile(pr);
    expect(escalations(harness, pr)).toHaveLength(1);
    expect(readDueMarker(harness.latestCheck(pr)?.outputSummary ?? null)).toEqual({ due: null });
  });

  test('an edit of the block starts a new deadline: its periods count from 1 again', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(DAY);
    await harness.reconcile(pr);
    harness.github.edit(pr, { body: SEED_PR_BODY.replace('Implement MFA', 'Implement MFA now') });
    await harness.reconcile(pr);
    expect(harness.github.get(pr).labels).not.toContain('change:overdue');
    harness.advance(DAY);
    await harness.reconcile(pr);
    const periods = escalations(harness, pr).map((entry) => [entry.data.period, entry.data.deadline]);
    expect(periods).toEqual([
      [1, '2026-03-03T10:00:00.000Z'],
      [1, '2026-03-04T10:00:00.000Z'],
    ]);
  });

  test('contacts per level from escalation.contacts, mentioned by their holders', async () => {
    const harness = createReconcileHarness({
      config: seedWith({
        roles: { cab: { teams: ['cab-team'], users: ['olga'] } },
        escalation: { contacts: { high: ['cab', 'engineering-manager'] } },
      }),
    });
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(DAY);
    await harness.reconcile(pr);
    const [entry] = escalations(harness, pr);
    expect(entry?.data.contacts).toEqual(['cab', 'engineering-manager']);
    expect(entry?.data.mentions).toEqual(['@acme/cab-team', '@olga', '@acme/engineering-manager']);
    expect(harness.github.get(pr).comments.at(-1)?.body).toContain(
      'to @acme/cab-team, @olga, @acme/engineering-manager',
    );
  });

  test('an issue-based change escalates too, and its status comment carries the due marker', async () => {
    const harness = createReconcileHarness();
    const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(issue);
    const status = () =>
      harness.github.get(issue).comments.find((comment) => comment.body.includes('change-gate:status'))
        ?.body ?? null;
    expect(readDueMarker(status())).toEqual({ due: '2026-03-03T10:00:00.000Z' });
    harness.advance(DAY);
    await harness.reconcile(issue);
    expect(escalations(harness, issue)).toHaveLength(1);
    expect(readDueMarker(status())).toEqual({ due: '2026-03-04T10:00:00.000Z' });
    expect(harness.github.get(issue).labels).toContain('change:overdue');
  });
});
