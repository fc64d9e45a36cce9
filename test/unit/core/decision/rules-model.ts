import type { MemoryChange } from '../../../support/memory-github.ts';

/** The author holds a role too: their own approval must not count for it. */
export const TEAMS: Record<string, string[]> = {
  'change-manager': ['carl', 'cora', 'dana'],
  'engineering-manager': ['erin'],
  'security-team': ['sam'],
  'security-team-lead': ['lee'],
};
export const AUTHOR = 'dana';
export const PEOPLE = ['dana', 'carl', 'cora', 'erin', 'sam', 'mallory'];

const block = (title: string, priority: string) =>
  [
    '```yaml',
    'change_request:',
    `  title: "${title}"`,
    '  change_type: bugfix',
    `  priority: ${priority}`,
    '  affected_systems: [admin-ui]',
    '  rollback_plan: "Revert the commit"',
    '```',
  ].join('\n');

/** The change block versions people switch between, and the roles each needs (the seed's levels). */
export const VARIANTS = {
  lowA: { body: block('Fix the session timeout', 'low'), roles: ['change-manager'] },
  lowB: { body: block('Fix the session timeout, take two', 'low'), roles: ['change-manager'] },
  medium: {
    body: block('Fix the session timeout', 'medium'),
    roles: ['engineering-manager', 'change-manager'],
  },
  broken: { body: '```yaml\nchange_request:\n  title: [unclosed\n```', roles: null },
} as const;
export type Variant = keyof typeof VARIANTS;

export interface Vote {
  kind: 'approve' | 'reject' | 'withdraw';
  time: number;
  review: boolean;
  commit: string | null;
}
export interface Rejection {
  login: string;
  roles: string[];
  time: number;
}

/**
 * The rules, written plainly: a change is approved when it carries the change label and a valid block, every
 * required role has a current approval by a holder who is neither the author nor a commit author — given on
 * the current head (a review naming it, or a comment), after the last push or force-push, while the block was
 * what it is now, and still the person's latest say — and no rejection stands. A rejection (a
 * CHANGES_REQUESTED review or /reject by a holder of a required role) stands, whatever happens to the review
 * or comment afterwards, until the rejecter or another holder of one of its roles approves after it in that
 * same current way, or until the change was approved after it.
 */
export class RulesModel {
  head = '';
  headSetAt = 0;
  variants: Array<{ time: number; variant: Variant }> = [];
  rejections: Rejection[] = [];

  variantAt(time: number): Variant | null {
    return this.variants.filter((point) => point.time <= time).at(-1)?.variant ?? null;
  }

  approved(options: {
    labels: string[];
    votes: Map<string, Vote[]>;
    commitAuthors: string[];
    now: number;
  }): boolean {
    const current = this.variantAt(options.now);
    const roles = current === null ? null : VARIANTS[current].roles;
    if (!options.labels.includes('change') || roles === null) return false;
    const currentApprovals = this.currentApprovals({ ...options, current: current as Variant, roles });
    const satisfied = roles.every((role) => (TEAMS[role] ?? []).some((login) => currentApprovals.has(login)));
    return satisfied && this.standing({ ...options, roles, currentApprovals }).length === 0;
  }

  /** login → times of their approvals that count now (eligible people only). */
  currentApprovals(options: {
    votes: Map<string, Vote[]>;
    commitAuthors: string[];
    current: Variant;
    roles: readonly string[];
  }): Map<string, number[]> {
    const result = new Map<string, number[]>();
    for (const [login, votes] of options.votes) {
      const holds = options.roles.some((role) => TEAMS[role]?.includes(login));
      if (!holds || login === AUTHOR || options.commitAuthors.includes(login)) continue;
      const sorted = [...votes].sort((a, b) => a.time - b.time);
      if (sorted.at(-1)?.kind !== 'approve') continue;
      let since = sorted.length - 1;
      while (since > 0 && sorted[since - 1]!.kind === 'approve') since--;
      const times = sorted
        .slice(since)
        .filter(
          (vote) =>
            vote.time > this.headSetAt &&
            (!vote.review || vote.commit === this.head) &&
            this.variantAt(vote.time) === options.current,
        )
        .map((vote) => vote.time);
      if (times.length > 0) result.set(login, times);
    }
    return result;
  }

  /** Rejections that stand: the recorded ones and the live ones (a holder's latest say is a rejection). */
  standing(options: {
    votes: Map<string, Vote[]>;
    roles: readonly string[];
    currentApprovals: Map<string, number[]>;
  }): Rejection[] {
    const live: Rejection[] = [];
    for (const [login, votes] of options.votes) {
      const last = [...votes].sort((a, b) => a.time - b.time).at(-1);
      const held = options.roles.filter((role) => TEAMS[role]?.includes(login));
      if (last?.kind === 'reject' && held.length > 0) live.push({ login, roles: held, time: last.time });
    }
    const lifted = (rejection: Rejection) =>
      [...options.currentApprovals].some(
        ([login, times]) =>
          (login === rejection.login || rejection.roles.some((role) => TEAMS[role]?.includes(login))) &&
          times.some((time) => time > rejection.time),
      );
    return [...this.rejections, ...live].filter((rejection) => !lifted(rejection));
  }

  /** After each evaluation: standing rejections are on record from now on; an approval lifts all before it. */
  remember(options: { labels: string[]; votes: Map<string, Vote[]>; commitAuthors: string[]; now: number }) {
    const current = this.variantAt(options.now);
    const roles = current === null ? null : VARIANTS[current].roles;
    if (!options.labels.includes('change') || roles === null) return;
    if (this.approved(options)) {
      this.rejections = [];
      return;
    }
    const currentApprovals = this.currentApprovals({ ...options, current: current as Variant, roles });
    for (const rejection of this.standing({ ...options, roles, currentApprovals })) {
      if (!this.rejections.some((known) => known.login === rejection.login && known.time === rejection.time))
        this.rejections.push(rejection);
    }
  }
}

/** Everyone's say as GitHub shows it now: reviews (a dismissal withdraws), and comments that are commands. */
export const votesOf = (change: MemoryChange): Map<string, Vote[]> => {
  const votes = new Map<string, Vote[]>();
  const add = (login: string, vote: Vote) => votes.set(login, [...(votes.get(login) ?? []), vote]);
  for (const review of change.reviews) {
    const kind =
      review.state === 'APPROVED'
        ? 'approve'
        : review.state === 'CHANGES_REQUESTED'
          ? 'reject'
          : review.state === 'DISMISSED'
            ? 'withdraw'
            : null;
    if (kind)
      add(review.author, {
        kind,
        time: Date.parse(review.submittedAt),
        review: true,
        commit: review.commitId,
      });
  }
  for (const comment of change.comments) {
    if (comment.authorIsBot) continue;
    const first = comment.body.split('\n')[0]!;
    if (first === '/approve' && !comment.edited)
      add(comment.author, {
        kind: 'approve',
        time: Date.parse(comment.createdAt),
        review: false,
        commit: null,
      });
    if (first.startsWith('/reject'))
      add(comment.author, {
        kind: 'reject',
        time: Date.parse(comment.edited ? comment.updatedAt : comment.createdAt),
        review: false,
        commit: null,
      });
  }
  return votes;
};
