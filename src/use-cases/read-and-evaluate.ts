import type { ChangeFacts } from '../core/decision/change-facts.ts';
import type { Decision } from '../core/decision/decision.ts';
import { evaluateChange } from '../core/decision/evaluate-change.ts';
import type { CommentEdit } from '../core/decision/evaluation-context.ts';
import { teamsToRead } from '../core/decision/teams-to-read.ts';
import type { ChangeHistoryRead } from '../core/history/read-history.ts';
import type { PolicyLoad } from '../core/policy/load-policy.ts';
import { policyTeams } from '../core/policy/policy-teams.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import type { ReviewIssuePort } from '../github/ports/review-issue-port.ts';
import { readChangeHistory } from './read-change-history.ts';
import { readReviewIssue } from './read-review-issue.ts';
import type { UseCaseDeps } from './use-case-deps.ts';

/** One change as read and evaluated: what apply needs, and what a check shared with it needs. */
export interface EvaluatedChange {
  facts: ChangeFacts;
  history: ChangeHistoryRead;
  decision: Decision;
}

/**
 * Reads a change (one GraphQL read, unless `facts` were read already), the teams its roles name
 * (conditional reads) and its signed history, and evaluates it (pure).
 */
export const readAndEvaluate = async (options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  ref: ChangeRef;
  policy: PolicyLoad;
  app: { id: number; botLogin: string };
  actor: string;
  now: Date;
  facts?: Omit<ChangeFacts, 'teamMembers'>;
  /** Reads the review issue of an emergency change deployed before approval; absent = none is read. */
  reviewIssues?: ReviewIssuePort;
  /** The comment edit the event reports (ticks in the implementation-steps comment). */
  commentEdit?: CommentEdit;
}): Promise<EvaluatedChange> => {
  const { deps, port, ref, policy } = options;
  const read = options.facts ?? (await port.readChange(ref));
  const history = readChangeHistory({ deps, ref, facts: read, botLogin: options.app.botLogin });
  const teams = teamsToRead({
    policy,
    body: read.body,
    labels: read.labels,
    merged: read.merged,
    history: history.entries,
  });
  // Not a change (yet): the policy's teams are what the organisation's next read will likely need.
  if (teams.length === 0 && read.ownerIsOrg && policy.status === 'valid') {
    port.expectTeams?.(ref.owner, policyTeams(policy.policy));
  }
  // The teams and, for an emergency change that owes its review, the review issue: one round trip.
  const [teamMembers, reviewIssue] = await Promise.all([
    readTeams({ port, owner: ref.owner, ownerIsOrg: read.ownerIsOrg, teams }),
    readReviewIssue({
      port: options.reviewIssues,
      ref,
      entries: history.entries,
      botLogin: options.app.botLogin,
    }),
  ]);
  const facts = { ...read, teamMembers, ...(reviewIssue ? { reviewIssue } : {}) };
  const decision = evaluateChange({
    facts,
    policy,
    history,
    app: options.app,
    actor: options.actor,
    now: options.now,
    ...(options.commentEdit ? { commentEdit: options.commentEdit } : {}),
  });
  return { facts, history, decision };
};

const readTeams = async (options: {
  port: GitHubPort;
  owner: string;
  ownerIsOrg: boolean;
  teams: string[];
}): Promise<Record<string, string[] | null>> => {
  // A user account has no teams: roles there are held by the users listed in `roles:`.
  if (!options.ownerIsOrg) return Object.fromEntries(options.teams.map((team) => [team, null]));
  const members = await Promise.all(
    options.teams.map((team) => options.port.teamMembers(options.owner, team)),
  );
  return Object.fromEntries(options.teams.map((team, index) => [team, members[index] ?? null]));
};
