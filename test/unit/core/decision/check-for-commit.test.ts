import { describe, expect, it } from 'vitest';
import { checkForCommit, type PullOnCommit } from '../../../../src/core/decision/check-for-commit.ts';
import type { CheckRunPlan } from '../../../../src/core/decision/check-run-plan.ts';
import { readCoveredPulls } from '../../../../src/core/decision/covered-pulls-marker.ts';
import { carriesEmergencyMarker } from '../../../../src/core/deploy/emergency-marker.ts';

const plan = (extra: Partial<CheckRunPlan>): CheckRunPlan => ({
  name: 'Change Gate',
  headSha: 'abc',
  status: 'completed',
  conclusion: 'success',
  title: 'Approved — CHG-2026-001',
  summary: 'summary',
  text: 'text',
  externalId: 'CHG-2026-001',
  ...extra,
});

const pull = (
  number: number,
  check: Partial<CheckRunPlan> | null,
  extra: Partial<PullOnCommit['decision']> = {},
) => ({
  number,
  decision: {
    check: check === null ? null : plan(check),
    status: 'approved' as const,
    emergency: false,
    head: { number, afterComment: number * 10, forcePush: null },
    ...extra,
  },
});

const notAChange = (number: number) =>
  pull(number, { title: 'Not a change request', externalId: '' }, { status: null, head: null });

describe('checkForCommit', () => {
  it('one pull request: its own check, with the covered, head and emergency markers first', () => {
    const check = checkForCommit({ pulls: [pull(1, {}, { emergency: true })] });
    expect(check).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      title: 'Approved — CHG-2026-001',
    });
    expect(check?.summary).toMatch(/^<!-- change-gate:covers #1 -->\n<!-- change-gate:heads #1@10@- -->\n/);
    expect(carriesEmergencyMarker(check?.summary ?? null)).toBe(true);
    expect(check?.summary.endsWith('\n\nsummary')).toBe(true);
  });

  it('several: passes only when each passes; a failure fails it; anything unfinished keeps it in progress', () => {
    const waiting = {
      status: 'in_progress' as const,
      conclusion: null,
      title: 'Pending approval — CHG-2026-001',
    };
    const shared = checkForCommit({ pulls: [notAChange(2), pull(1, waiting)] });
    expect(shared).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(readCoveredPulls(shared?.summary ?? null)).toEqual([1, 2]);
    expect(shared?.title).toBe('#2: Not a change request · #1: Pending approval — CHG-2026-001');
    expect(shared?.summary).toContain('## #1: Pending approval — CHG-2026-001');
    expect(shared?.externalId).toBe('CHG-2026-001');

    const failing = checkForCommit({
      pulls: [pull(1, waiting), pull(3, { conclusion: 'failure', title: 'Rejected' })],
    });
    expect(failing).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(checkForCommit({ pulls: [notAChange(2), pull(1, {})] })).toMatchObject({ conclusion: 'success' });
  });

  it('the emergency marker only when every change on the commit is an emergency change', () => {
    const both = checkForCommit({ pulls: [pull(1, {}, { emergency: true }), notAChange(2)] });
    expect(carriesEmergencyMarker(both?.summary ?? null)).toBe(true);
    const mixed = checkForCommit({ pulls: [pull(1, {}, { emergency: true }), pull(3, {})] });
    expect(carriesEmergencyMarker(mixed?.summary ?? null)).toBe(false);
  });

  it('leaves out pull requests without a check on this commit; none for the first → no check', () => {
    const check = checkForCommit({ pulls: [pull(1, {}), pull(4, { headSha: 'other' }), pull(5, null)] });
    expect(readCoveredPulls(check?.summary ?? null)).toEqual([1]);
    expect(checkForCommit({ pulls: [pull(1, null), pull(2, {})] })).toBeNull();
  });

  it('fails closed when GitHub did not list every pull request on the commit', () => {
    const check = checkForCommit({ pulls: [pull(1, {})], othersUnknown: true });
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check?.summary).toContain('Failed closed');
  });
});
