import type { ApprovalInput } from './approval-input.ts';
import type {
  ApprovalOutcome,
  ApprovalState,
  IgnoredApproval,
  IgnoreReason,
  Rejection,
  RoleOutcome,
} from './approval-outcome.ts';
import type { Approver } from './approver.ts';
import { assignApprovers } from './assign-approvers.ts';
import { type BindingContext, bindApproval } from './bind-approval.ts';
import { collectVotes } from './collect-votes.ts';
import { countedApproval } from './counted-approval.ts';
import { earliestSatisfaction } from './earliest-satisfaction.ts';
import { eligibleApprovers } from './eligible-approvers.ts';
import { explainUncounted } from './explain-uncounted.ts';
import { type ResolvedRole, resolveRoles } from './resolve-roles.ts';
import { stageCutoffs } from './stage-cutoffs.ts';
import { standingRejections } from './standing-rejections.ts';
import { userStance } from './user-stance.ts';
import type { Vote } from './vote.ts';

/**
 * Decides whether the required roles approved the change, and explains every review and command that did
 * not count. Pure: the same input (in any order) gives the same outcome.
 *
 * Rules: a person's latest vote decides (review or command, whichever is later); an approval counts only
 * if it binds to the head commit and the current block; each role needs `approvals_per_role` distinct
 * holders; with `one_role_per_person` people are matched to roles to satisfy as many roles as possible;
 * a later stage counts approvals given once the earlier stages were complete; the latest vote of a holder
 * of any required role being a rejection rejects the change. No required role → never approved here:
 * changes that need no approval take the pre-approved path.
 */
export function evaluateApprovals(input: ApprovalInput): ApprovalOutcome {
  const need = normaliseNeed(input.rules.approvals_per_role);
  const oneRolePerPerson = input.rules.one_role_per_person !== false;
  const resolved = resolveRoles({
    roles: input.roles,
    teamMembers: input.teamMembers,
    stages: input.rules.stages ?? [],
  });
  const unreadableTeams = [...new Set(resolved.flatMap((role) => role.unreadableTeams))];
  const roleNames = resolved.map((role) => role.role.name);
  const author = input.author.toLowerCase();
  const excluded = exclusions(input.excluded ?? []);
  const binding: BindingContext = {
    headSha: input.headSha,
    headEpoch: input.headEpoch,
    blockHash: input.blockHash,
    blockTimeline: input.blockTimeline,
  };
  const countFrom = input.countFrom ? Date.parse(input.countFrom) : Number.NEGATIVE_INFINITY;
  const { byUser, edited } = collectVotes(input.reviews, input.comments, input.apiVotes ?? []);
  const ignored: IgnoredApproval[] = [...edited];
  const rejections: Rejection[] = [];
  const approvers: Approver[] = [];
  let unattributedRejection = false;
  const nobodyHolds = (login: string, what: string): { reason: IgnoreReason; detail: string } =>
    unreadableTeams.length > 0
      ? {
          reason: 'team_unreadable',
          detail: `@${login} is not a listed holder of any required role and the members of ${teamList(unreadableTeams)} could not be read, so ${what}`,
        }
      : {
          reason: 'not_a_holder',
          detail: `@${login} holds none of the required roles (${roleNames.join(', ')}), so ${what}`,
        };

  for (const key of [...byUser.keys()].sort()) {
    const stance = userStance(byUser.get(key)!);
    const held = resolved.flatMap((role, index) => (role.holders.has(key) ? [index] : []));
    if (stance.kind === 'rejecting') {
      const vote = stance.rejection;
      if (held.length > 0) {
        const roles = held.map((index) => roleNames[index]!);
        rejections.push({
          login: vote.login,
          roles,
          at: vote.at,
          via: vote.via,
          reason: vote.reason,
          recorded: false,
        });
        continue;
      }
      const why = nobodyHolds(vote.login, 'their rejection does not count');
      if (why.reason === 'team_unreadable') {
        // They may hold a role we cannot see: their rejection blocks approval until the team can be read.
        unattributedRejection = true;
        why.detail = `@${vote.login} rejected the change and may belong to ${teamList(unreadableTeams)}, whose members could not be read; the change cannot be approved until they can`;
      }
      ignored.push(ignore(vote, why));
      continue;
    }
    if (stance.kind !== 'approving') continue;
    const latest = stance.approvals.at(-1)!;
    if (key === author) {
      ignored.push(
        ignore(latest, {
          reason: 'author',
          detail: `@${latest.login} is the author of the change and cannot approve it`,
        }),
      );
      continue;
    }
    const why = input.excludeEveryone ?? excluded.get(key);
    if (why !== undefined) {
      ignored.push(ignore(latest, { reason: 'excluded', detail: `@${latest.login} ${why}` }));
      continue;
    }
    if (held.length === 0) {
      ignored.push(ignore(latest, nobodyHolds(latest.login, 'their approval does not count')));
      continue;
    }
    const bound = stance.approvals.filter(
      (vote) => bindApproval(vote, binding) === null && vote.time >= countFrom,
    );
    if (bound.length === 0) {
      ignored.push(ignore(latest, bindApproval(latest, binding) ?? beforeTamper(latest, input.countFrom)));
      continue;
    }
    approvers.push({ bound, candidate: { times: bound.map((vote) => vote.time), roles: new Set(held) } });
  }

  const standing = standingRejections({
    live: rejections,
    recorded: input.recordedRejections ?? [],
    approvers,
    resolved,
  });
  const candidates = approvers.map((approver) => approver.candidate);
  const cutoffs = stageCutoffs({
    stageIndices: resolved.map((role) => role.stageIndex),
    candidates,
    need,
    oneRolePerPerson,
  });
  const eligible = eligibleApprovers({ candidates, cutoffs, until: Number.POSITIVE_INFINITY });
  const priority = resolved
    .map((_, index) => index)
    .sort((a, b) => stageRank(resolved[a]!) - stageRank(resolved[b]!) || a - b);
  const { assigned } = assignApprovers(
    { eligible, personCount: candidates.length, need, oneRolePerPerson },
    priority,
  );
  if (oneRolePerPerson) attachExtras({ assigned, eligible, priority, personCount: candidates.length });

  const roles: RoleOutcome[] = resolved.map((role, index) => {
    const approvedBy = assigned[index]!.map((person) =>
      countedApproval({ approver: approvers[person]!, cutoff: cutoffs[index]!, headSha: input.headSha }),
    ).sort(byTimeThenLogin);
    const outcome: RoleOutcome = {
      role: role.role.name,
      holders: role.role.holders,
      approvedBy,
      missing: Math.max(0, need - approvedBy.length),
    };
    if (role.stageName !== undefined) outcome.stage = role.stageName;
    return outcome;
  });
  ignored.push(...explainUncounted({ approvers, assigned, eligible, roles, cutoffs }));

  const allSatisfied = roles.length > 0 && roles.every((role) => role.missing === 0);
  const state: ApprovalState =
    standing.length > 0 ? 'rejected' : allSatisfied && !unattributedRejection ? 'approved' : 'pending';
  const approvedTime =
    state === 'approved'
      ? earliestSatisfaction({ candidates, roles: roles.map((_, i) => i), cutoffs, need, oneRolePerPerson })
      : null;
  return {
    state,
    roles,
    rejections: standing.sort(byTimeThenLogin),
    ignored: ignored.sort(compareIgnored),
    conditions: [
      ...new Set(roles.flatMap((role) => role.approvedBy.flatMap((approval) => approval.conditions))),
    ],
    approvedAt: approvedTime === null ? null : new Date(approvedTime).toISOString(),
    unreadableTeams,
  };
}

/** People who approved but are in no role yet (one role per person) join the first full role they may count for. */
function attachExtras(options: {
  assigned: number[][];
  eligible: number[][];
  priority: number[];
  personCount: number;
}): void {
  const used = new Set(options.assigned.flat());
  for (let person = 0; person < options.personCount; person++) {
    if (used.has(person)) continue;
    const role = options.priority.find((index) => options.eligible[index]!.includes(person));
    if (role !== undefined) options.assigned[role]!.push(person);
  }
}

function ignore(vote: Vote, why: { reason: IgnoreReason; detail: string }): IgnoredApproval {
  return { login: vote.login, at: vote.at, via: vote.via, reason: why.reason, detail: why.detail };
}

function beforeTamper(
  vote: Vote,
  countFrom: string | null | undefined,
): { reason: IgnoreReason; detail: string } {
  return {
    reason: 'history_tampered',
    detail: `@${vote.login} approved before the history was found tampered (${countFrom}); approve again`,
  };
}

/** Lower-cased login → why the person cannot approve. */
function exclusions(people: NonNullable<ApprovalInput['excluded']>): Map<string, string> {
  const why = new Map<string, string>();
  for (const person of people) {
    const { login, reason } =
      typeof person === 'string'
        ? { login: person, reason: 'is excluded from approving this change (e.g. as its deployer)' }
        : person;
    if (!why.has(login.toLowerCase())) why.set(login.toLowerCase(), reason);
  }
  return why;
}

function teamList(teams: string[]): string {
  return `${teams.length === 1 ? 'team' : 'teams'} ${teams.join(', ')}`;
}

function normaliseNeed(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 1) return 1;
  return Number.isFinite(value) ? Math.ceil(value) : Number.MAX_SAFE_INTEGER;
}

function stageRank(role: ResolvedRole): number {
  return role.stageIndex ?? Number.MAX_SAFE_INTEGER;
}

function byTimeThenLogin<T extends { at: string; login: string }>(a: T, b: T): number {
  return compareText(a.at, b.at) || compareText(a.login, b.login);
}

function compareIgnored(a: IgnoredApproval, b: IgnoredApproval): number {
  return byTimeThenLogin(a, b) || compareText(a.reason, b.reason) || compareText(a.detail, b.detail);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
