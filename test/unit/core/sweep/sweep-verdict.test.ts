import { describe, expect, test } from 'vitest';
import { coveredPullsMarker } from '../../../../src/core/decision/covered-pulls-marker.ts';
import { dueMarker, earliestDue, readDueMarker } from '../../../../src/core/decision/due-marker.ts';
import { STATUS_COMMENT_MARKER } from '../../../../src/core/decision/evaluation-context.ts';
import type { OpenChange } from '../../../../src/core/sweep/open-change.ts';
import { pickDueChanges, sweepReason } from '../../../../src/core/sweep/sweep-verdict.ts';

const now = new Date('2026-03-05T12:00:00.000Z');
const options = { now, botLogin: 'change-gate[bot]' };
const pull = (number: number, summaries: string[]): OpenChange => ({
  owner: 'acme',
  repo: 'web',
  number,
  kind: 'pull_request',
  headSha: 'abc',
  checkSummaries: summaries,
  recentComments: [],
});
const issue = (number: number, comments: OpenChange['recentComments']): OpenChange => ({
  owner: 'acme',
  repo: 'ops',
  number,
  kind: 'issue',
  headSha: null,
  checkSummaries: [],
  recentComments: comments,
});
const summary = (number: number, due: string | null) =>
  `${coveredPullsMarker([number])}\n${dueMarker(due)}\n\nPending approval`;

describe('the due marker', () => {
  test('round trip: a time, none, and no marker (cannot tell)', () => {
    expect(readDueMarker(`x\n${dueMarker('2026-03-05T12:00:00Z')}\ny`)).toEqual({
      due: '2026-03-05T12:00:00.000Z',
    });
    expect(readDueMarker(dueMarker(null))).toEqual({ due: null });
    expect(readDueMarker('Pending approval')).toBeNull();
    expect(readDueMarker('&lt;!-- change-gate:due none --&gt;')).toBeNull();
  });

  test('the earliest of several', () => {
    expect(earliestDue([null, '2026-03-06T00:00:00.000Z', undefined, '2026-03-05T00:00:00.000Z'])).toBe(
      '2026-03-05T00:00:00.000Z',
    );
    expect(earliestDue([null, undefined])).toBeNull();
  });
});

describe('which changes the sweep picks', () => {
  test('a pull request whose check says nothing is due, or not yet, is left alone', () => {
    expect(sweepReason(pull(1, [summary(1, null)]), options)).toBeNull();
    expect(sweepReason(pull(1, [summary(1, '2026-03-05T12:00:01.000Z')]), options)).toBeNull();
  });

  test('due at or before now; missing check; check of another pull request; no marker', () => {
    expect(sweepReason(pull(1, [summary(1, '2026-03-05T12:00:00.000Z')]), options)).toBe('escalation due');
    expect(sweepReason(pull(1, []), options)).toBe('no check run');
    expect(sweepReason(pull(1, [summary(2, null)]), options)).toBe('check not on the head');
    expect(sweepReason(pull(1, [coveredPullsMarker([1])]), options)).toBe('no due marker');
  });

  test('an issue: our status comment among the last comments tells; none there = cannot tell = due', () => {
    const status = (due: string | null) => `${STATUS_COMMENT_MARKER}\n### Change Gate\n\n${dueMarker(due)}`;
    expect(sweepReason(issue(5, [{ author: 'change-gate', body: status(null) }]), options)).toBeNull();
    expect(
      sweepReason(issue(5, [{ author: 'change-gate', body: status('2026-03-01T00:00:00.000Z') }]), options),
    ).toBe('escalation due');
    // Somebody else's comment that copies the marker proves nothing.
    expect(sweepReason(issue(5, [{ author: 'mallory', body: status(null) }]), options)).toBe(
      'no status comment',
    );
    expect(sweepReason(issue(5, []), options)).toBe('no status comment');
  });

  test('picks only the due ones, with their reasons, in order', () => {
    const picked = pickDueChanges(
      [pull(1, [summary(1, null)]), pull(2, []), pull(3, [summary(3, '2026-03-01T00:00:00.000Z')])],
      options,
    );
    expect(picked.map(({ change, reason }) => [change.number, reason])).toEqual([
      [2, 'no check run'],
      [3, 'escalation due'],
    ]);
  });
});
