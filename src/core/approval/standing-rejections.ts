import type { RecordedRejection } from './approval-input.ts';
import type { Rejection } from './approval-outcome.ts';
import type { Approver } from './approver.ts';
import type { ResolvedRole } from './resolve-roles.ts';

/**
 * The rejections that still stand (DESIGN, trust model): those the live votes show and those the signed
 * history recorded, which a dismissal, a deleted or an edited comment cannot take back. A rejection is
 * lifted only by an approval that counts now (current head and block) and was given after it, by the
 * person who rejected or by another holder of one of the roles they rejected for. Same-second times are
 * not "after": the order inside a second is unknown.
 */
export function standingRejections(options: {
  live: Rejection[];
  recorded: RecordedRejection[];
  approvers: Approver[];
  resolved: ResolvedRole[];
}): Rejection[] {
  const same = (a: { login: string; at: string }, b: { login: string; at: string }) =>
    a.login.toLowerCase() === b.login.toLowerCase() && Date.parse(a.at) === Date.parse(b.at);
  const recorded: Rejection[] = options.recorded.map((rejection) => ({ ...rejection, recorded: true }));
  const fresh = options.live.filter((live) => !recorded.some((known) => same(known, live)));
  return [...recorded, ...fresh].filter((rejection) => !lifted(rejection, options));
}

function lifted(rejection: Rejection, options: { approvers: Approver[]; resolved: ResolvedRole[] }): boolean {
  const key = rejection.login.toLowerCase();
  const time = Date.parse(rejection.at);
  if (Number.isNaN(time)) return false;
  const roles = new Set(
    options.resolved.flatMap((role, index) =>
      (rejection.roles.length > 0 ? rejection.roles.includes(role.role.name) : role.holders.has(key))
        ? [index]
        : [],
    ),
  );
  return options.approvers.some(
    (approver) =>
      (approver.bound[0]?.key === key || [...approver.candidate.roles].some((role) => roles.has(role))) &&
      approver.bound.some((vote) => vote.time > time),
  );
}
