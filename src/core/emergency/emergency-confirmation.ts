import type { ApprovalInput } from '../approval/approval-input.ts';
import { type BindingContext, bindApproval } from '../approval/bind-approval.ts';
import { resolveRoles } from '../approval/resolve-roles.ts';
import type { Vote } from '../approval/vote.ts';
import type { CommentFact } from '../decision/change-facts.ts';
import { isEmergencyCommand } from './is-emergency-command.ts';

/** Who confirmed an emergency change, with the comment that did it. */
export interface EmergencyConfirmer {
  login: string;
  at: string;
  commentId: number;
  /** The emergency roles the confirmer holds. */
  roles: string[];
}

export interface EmergencyConfirmation {
  /** The earliest `/emergency` that counts; null = not confirmed. */
  confirmedBy: EmergencyConfirmer | null;
  /** Why each other `/emergency` does not count, one sentence per comment. */
  refused: string[];
}

export type EmergencyConfirmationInput = Pick<
  ApprovalInput,
  'roles' | 'teamMembers' | 'author' | 'excluded' | 'excludeEveryone' | 'countFrom'
> &
  BindingContext & { comments: CommentFact[] };

/**
 * Whether someone may let an emergency change deploy before approval (DESIGN, trust model): an `/emergency`
 * comment by a holder of one of the emergency level's roles who is not the author, not excluded by
 * separation of duties (commit authors), posted unedited while the head commit and the change block were
 * what they are now (bound like `/approve`: a later push or edit of the block needs a new confirmation).
 * Bots, edited comments and comments before the history was found tampered never count. Pure.
 */
export function emergencyConfirmation(input: EmergencyConfirmationInput): EmergencyConfirmation {
  const resolved = resolveRoles({ roles: input.roles, teamMembers: input.teamMembers, stages: [] });
  const roleNames = resolved.map((role) => role.role.name);
  const author = input.author.toLowerCase();
  const excluded = new Map(
    (input.excluded ?? []).map((person) =>
      typeof person === 'string'
        ? [person.toLowerCase(), 'is excluded from approving this change']
        : [person.login.toLowerCase(), person.reason],
    ),
  );
  const countFrom = input.countFrom ? Date.parse(input.countFrom) : Number.NEGATIVE_INFINITY;
  const refused: string[] = [];
  const candidates = input.comments
    .filter((comment) => !comment.authorIsBot && typeof comment.author === 'string')
    .filter((comment) => isEmergencyCommand(comment.body))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  for (const comment of candidates) {
    const who = `@${comment.author}`;
    const key = comment.author.toLowerCase();
    const why = refusal({ comment, key, who });
    if (why !== null) {
      refused.push(why);
      continue;
    }
    const roles = resolved.filter((role) => role.holders.has(key)).map((role) => role.role.name);
    return {
      confirmedBy: { login: comment.author, at: comment.createdAt, commentId: comment.id, roles },
      refused,
    };
  }
  return { confirmedBy: null, refused };

  function refusal(options: { comment: CommentFact; key: string; who: string }): string | null {
    const { comment, key, who } = options;
    if (comment.edited)
      return `${who}'s /emergency comment was edited after it was posted, so it does not count; post a new one`;
    if (key === author)
      return `${who} is the author of the change: one person alone cannot let it deploy before approval`;
    if (input.excludeEveryone !== undefined) return `${who} ${input.excludeEveryone}`;
    const excludedWhy = excluded.get(key);
    if (excludedWhy !== undefined) return `${who} ${excludedWhy}`;
    if (!resolved.some((role) => role.holders.has(key))) {
      const unreadable = resolved.flatMap((role) => role.unreadableTeams);
      return unreadable.length > 0
        ? `${who} is not a listed holder of the emergency roles and ${unreadable.join(', ')} could not be read, so their /emergency does not count`
        : `${who} holds none of the emergency roles (${roleNames.join(', ')}), so their /emergency does not count`;
    }
    const time = Date.parse(comment.createdAt);
    if (time < countFrom)
      return `${who}'s /emergency was posted before the history was found tampered; post it again`;
    const failure = bindApproval(voteOf(comment, key, time), input);
    return failure === null
      ? null
      : failure.detail.replace('/approve', '/emergency').replace("'s approval", "'s /emergency");
  }
}

const voteOf = (comment: CommentFact, key: string, time: number): Vote => ({
  key,
  login: comment.author,
  kind: 'approve',
  via: 'command',
  at: comment.createdAt,
  time,
  id: comment.id,
  sha: null,
  comment: '',
  conditions: [],
  reason: '',
});
