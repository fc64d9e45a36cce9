export interface AssignmentProblem {
  /** Role index → indices of the people whose approval may count for it, ascending. */
  eligible: number[][];
  personCount: number;
  /** Distinct approvals each role needs (≥ 1). */
  need: number;
  /** One person fills at most one role. */
  oneRolePerPerson: boolean;
}

export interface Assignment {
  /** Role index → people counted for it (with one role per person: disjoint sets). */
  assigned: number[][];
  satisfied: boolean[];
}

/** Above this many roles the exact search over role subsets gives way to a greedy one. */
const EXACT_SEARCH_MAX_ROLES = 12;

/** Whether every role in `roles` can have `need` distinct approvers at the same time. */
export function canSatisfy(problem: AssignmentProblem, roles: number[]): boolean {
  if (roles.some((role) => problem.eligible[role]!.length < problem.need)) return false;
  if (!problem.oneRolePerPerson) return true;
  return match(problem, { full: roles, partial: [], stopOnFailure: true }) !== null;
}

/**
 * Assigns approvers to roles so that as many roles as possible are fully satisfied (preferring roles
 * earlier in `priority` on a tie), then fills the rest as far as possible. This is a bipartite matching,
 * not first-come: A in teams X and Y with B only in X gives A → Y and B → X. Deterministic for a given input.
 */
export function assignApprovers(problem: AssignmentProblem, priority: number[]): Assignment {
  const roleCount = problem.eligible.length;
  if (!problem.oneRolePerPerson) {
    const assigned = problem.eligible.map((people) => [...people]);
    return { assigned, satisfied: assigned.map((people) => people.length >= problem.need) };
  }
  const candidates = priority.filter((role) => problem.eligible[role]!.length >= problem.need);
  const full = bestSubset(problem, candidates);
  const partial = priority.filter((role) => !full.includes(role));
  const assigned = match(problem, { full, partial, stopOnFailure: false }) ?? [];
  const result = Array.from({ length: roleCount }, (_, role) => assigned[role] ?? []);
  return { assigned: result, satisfied: result.map((people) => people.length >= problem.need) };
}

function bestSubset(problem: AssignmentProblem, candidates: number[]): number[] {
  if (canSatisfy(problem, candidates)) return candidates;
  if (candidates.length > EXACT_SEARCH_MAX_ROLES) {
    const chosen: number[] = [];
    for (const role of candidates) if (canSatisfy(problem, [...chosen, role])) chosen.push(role);
    return chosen;
  }
  // Bit (n-1-i) stands for candidates[i]: among subsets of one size, the larger number prefers earlier roles.
  const n = candidates.length;
  const masks = Array.from({ length: 2 ** n }, (_, mask) => mask).sort(
    (a, b) => popcount(b) - popcount(a) || b - a,
  );
  for (const mask of masks) {
    const subset = candidates.filter((_, i) => (mask >> (n - 1 - i)) & 1);
    if (canSatisfy(problem, subset)) return subset;
  }
  return [];
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m > 0; m >>= 1) count += m & 1;
  return count;
}

/**
 * Kuhn's augmenting paths over role slots: the `full` roles' slots first (`need` each), then the
 * `partial` roles' slots. A matched slot stays matched, so later slots never undo earlier ones.
 * With `stopOnFailure`, returns null as soon as a slot cannot be filled.
 */
function match(
  problem: AssignmentProblem,
  order: { full: number[]; partial: number[]; stopOnFailure: boolean },
): number[][] | null {
  const slotRole: number[] = [];
  for (const role of order.full) for (let i = 0; i < problem.need; i++) slotRole.push(role);
  for (const role of order.partial) {
    const slots = Math.min(problem.need, problem.eligible[role]!.length);
    for (let i = 0; i < slots; i++) slotRole.push(role);
  }
  const slotOfPerson = new Int32Array(problem.personCount).fill(-1);
  const visited = new Int32Array(problem.personCount).fill(-1);
  const augment = (slot: number): boolean => {
    for (const person of problem.eligible[slotRole[slot]!]!) {
      if (visited[person] === currentSlot) continue;
      visited[person] = currentSlot;
      const other = slotOfPerson[person]!;
      if (other === -1 || augment(other)) {
        slotOfPerson[person] = slot;
        return true;
      }
    }
    return false;
  };
  let currentSlot = 0;
  for (; currentSlot < slotRole.length; currentSlot++) {
    if (!augment(currentSlot) && order.stopOnFailure) return null;
  }
  const assigned: number[][] = problem.eligible.map(() => []);
  slotOfPerson.forEach((slot, person) => {
    if (slot !== -1) assigned[slotRole[slot]!]!.push(person);
  });
  return assigned;
}
