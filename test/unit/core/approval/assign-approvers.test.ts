import { describe, expect, it } from 'vitest';
import { assignApprovers, canSatisfy } from '../../../../src/core/approval/assign-approvers.ts';

describe('assignApprovers', () => {
  it('is a matching, not first-come: person 0 in roles X and Y, person 1 only in X → 0 to Y, 1 to X', () => {
    const result = assignApprovers(
      { eligible: [[0, 1], [0]], personCount: 2, need: 1, oneRolePerPerson: true },
      [0, 1],
    );
    expect(result).toEqual({ assigned: [[1], [0]], satisfied: [true, true] });
  });

  it('satisfies as many roles as possible with two approvals per role, rather than spreading people thin', () => {
    // Filling slots role by role gives X {0,2}, Y {1}, Z {3}: one full role. X {1,2} + Z {0,3} gives two.
    const problem = {
      eligible: [
        [0, 1, 2],
        [1, 2],
        [0, 3],
      ],
      personCount: 4,
      need: 2,
      oneRolePerPerson: true,
    };
    const result = assignApprovers(problem, [0, 1, 2]);
    expect(result.satisfied).toEqual([true, false, true]);
    expect(result.assigned[0]!.sort()).toEqual([1, 2]);
    expect(result.assigned[2]!.sort()).toEqual([0, 3]);
  });

  it('gives up an earlier role when that satisfies two later ones (exact search, not greedy by priority)', () => {
    // X needs both 0 and 1; Y needs 0 and 2; Z needs 1 and 3. X alone blocks both others.
    const problem = {
      eligible: [
        [0, 1],
        [0, 2],
        [1, 3],
      ],
      personCount: 4,
      need: 2,
      oneRolePerPerson: true,
    };
    expect(assignApprovers(problem, [0, 1, 2]).satisfied).toEqual([false, true, true]);
  });

  it('prefers the role earlier in priority when only one of two can be satisfied', () => {
    const problem = { eligible: [[0], [0]], personCount: 1, need: 1, oneRolePerPerson: true };
    expect(assignApprovers(problem, [1, 0]).satisfied).toEqual([false, true]);
    expect(assignApprovers(problem, [0, 1]).satisfied).toEqual([true, false]);
  });

  it('finds the full assignment in a chain that greedy order would miss', () => {
    // Roles 0..3; person i eligible for role i and i+1; person 4 only for role 0.
    const eligible = [
      [0, 4],
      [0, 1],
      [1, 2],
      [2, 3],
    ];
    const result = assignApprovers(
      { eligible, personCount: 5, need: 1, oneRolePerPerson: true },
      [0, 1, 2, 3],
    );
    expect(result.satisfied).toEqual([true, true, true, true]);
    expect(new Set(result.assigned.flat()).size).toBe(4);
  });

  it('without one role per person every eligible person counts for every role', () => {
    const result = assignApprovers(
      { eligible: [[0, 1], [0]], personCount: 2, need: 2, oneRolePerPerson: false },
      [0, 1],
    );
    expect(result).toEqual({ assigned: [[0, 1], [0]], satisfied: [true, false] });
  });

  it('canSatisfy answers for a subset of roles', () => {
    const problem = { eligible: [[0], [0], [1]], personCount: 2, need: 1, oneRolePerPerson: true };
    expect(canSatisfy(problem, [0, 2])).toBe(true);
    expect(canSatisfy(problem, [0, 1])).toBe(false);
    expect(canSatisfy(problem, [])).toBe(true);
  });

  it('handles many roles and people without blowing up (greedy beyond the exact-search limit)', () => {
    const roles = 20;
    const eligible = Array.from({ length: roles }, (_, r) =>
      Array.from({ length: 200 }, (_, p) => p).filter((p) => p % roles !== r),
    );
    const result = assignApprovers({ eligible, personCount: 200, need: 3, oneRolePerPerson: true }, [
      ...eligible.keys(),
    ]);
    expect(result.satisfied.every(Boolean)).toBe(true);
    expect(new Set(result.assigned.flat()).size).toBe(result.assigned.flat().length);
  });
});
