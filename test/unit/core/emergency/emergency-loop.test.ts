import { describe, expect, it } from 'vitest';
import { emergencyLoop, loopCompletes } from '../../../../src/core/emergency/emergency-loop.ts';
import type { HistoryEntry, HistoryEvent } from '../../../../src/core/history/history-entry.ts';

const entry = (event: HistoryEvent, data: Record<string, unknown> = {}, actor = 'erin') => ({
  entry: {
    v: 1,
    event,
    change_id: 'CHG-2026-007',
    actor,
    at: '2026-07-01T12:00:00Z',
    head_sha: null,
    block_hash: null,
    key: `${event}:x`,
    prev: null,
    data,
  } satisfies HistoryEntry,
});

const implemented = entry('emergency_implemented', {
  confirmed_by: 'lee',
  deployer: 'ops-bot',
  deadline: '2026-07-01T13:00:00Z',
  review_issue: 8,
  deployment_id: 1,
});
const finished = entry('emergency_implemented', { finished: true, deployment_id: 1 }, 'ops-bot');

describe('emergencyLoop', () => {
  it('is null until an emergency deployment before approval is recorded', () => {
    expect(emergencyLoop([entry('submitted'), entry('emergency_confirmed')])).toBeNull();
  });

  it('reads who confirmed, who deployed, the deadline and the review issue', () => {
    const loop = emergencyLoop([entry('submitted'), implemented, finished]);
    expect(loop).toMatchObject({
      confirmedBy: 'lee',
      deployers: ['erin', 'ops-bot'],
      deadline: '2026-07-01T13:00:00Z',
      reviewIssue: 8,
      retroactivelyApproved: false,
      reviewed: false,
    });
    expect(loop?.finished).not.toBeNull();
  });

  it('starts over with a new submission', () => {
    expect(emergencyLoop([implemented, entry('cancelled'), entry('submitted')])).toBeNull();
  });
});

describe('loopCompletes (the completion rule)', () => {
  const base = [entry('submitted'), implemented];
  it.each([
    ['nothing owed is in', [], false],
    ['only the retroactive approval', [entry('retroactively_approved')], false],
    ['only the review', [entry('reviewed')], false],
    [
      'approval and review, but no successful deploy',
      [entry('retroactively_approved'), entry('reviewed')],
      false,
    ],
    ['deploy, approval and review', [finished, entry('reviewed'), entry('retroactively_approved')], true],
    [
      'already completed',
      [finished, entry('reviewed'), entry('retroactively_approved'), entry('completed')],
      false,
    ],
  ])('%s → %s', (_name, more, completes) => {
    const loop = emergencyLoop([...base, ...more]);
    expect(loop && loopCompletes(loop)).toBe(completes);
  });
});
