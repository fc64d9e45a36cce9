import type { ApprovalInput, RequiredRole } from '../../../../src/core/approval/approval-input.ts';
import type { CommentFact, ReviewFact } from '../../../../src/core/decision/change-facts.ts';

export const HEAD = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
export const OLD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const BLOCK = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
export const OLD_BLOCK = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

const BASE = Date.parse('2025-01-27T10:00:00Z');

/** ISO time `minutes` after 2025-01-27T10:00Z. */
export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

let nextId = 1;

export function review(
  author: string,
  state: ReviewFact['state'],
  minutes: number,
  extra: Partial<ReviewFact> = {},
): ReviewFact {
  return { id: nextId++, author, state, submittedAt: at(minutes), commitId: HEAD, body: '', ...extra };
}

export function comment(
  author: string,
  body: string,
  minutes: number,
  extra: Partial<CommentFact> = {},
): CommentFact {
  return {
    id: nextId++,
    author,
    authorIsBot: false,
    body,
    createdAt: at(minutes),
    updatedAt: at(minutes),
    edited: false,
    ...extra,
  };
}

export function teamRole(name: string, stage?: string): RequiredRole {
  const role: RequiredRole = { name, holders: { teams: [name], users: [] } };
  if (stage !== undefined) role.stage = stage;
  return role;
}

/** The seed's high-priority level: security-team, engineering-manager, change-manager. */
export function highChange(overrides: Partial<ApprovalInput> = {}): ApprovalInput {
  return {
    roles: [teamRole('security-team'), teamRole('engineering-manager'), teamRole('change-manager')],
    teamMembers: {
      'security-team': ['alice', 'sam'],
      'engineering-manager': ['erin'],
      'change-manager': ['carl'],
    },
    author: 'dev',
    reviews: [],
    comments: [],
    headSha: HEAD,
    headEpoch: { reviewsFrom: null, commentsAfter: at(-60), commentsAfterId: null },
    blockHash: BLOCK,
    blockTimeline: [{ at: at(-120), hash: BLOCK }],
    rules: { approvals_per_role: 1, one_role_per_person: true, stages: [] },
    ...overrides,
  };
}
