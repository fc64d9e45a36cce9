import type {
  ChangeFacts,
  CheckRunFact,
  CommentFact,
  ForcePushFact,
  ReviewFact,
} from '../../core/decision/change-facts.ts';
import type { ChangeRef } from '../ports/github-port.ts';
import type { GqlActor, GqlChange, GqlComment, GqlReview } from './change-facts-query.ts';

/** GraphQL spells an app's login without the `[bot]` suffix REST (and webhooks) use. */
export const restLogin = (actor: GqlActor | null): string => {
  if (!actor) return 'ghost';
  return actor.__typename === 'Bot' ? `${actor.login}[bot]` : actor.login;
};

export const toCommentFact = (node: GqlComment): CommentFact => ({
  id: node.databaseId,
  author: restLogin(node.author),
  authorIsBot: node.author?.__typename === 'Bot',
  body: node.body,
  createdAt: node.createdAt,
  updatedAt: node.updatedAt,
  edited: node.lastEditedAt !== null,
});

const REVIEW_STATES = new Set<ReviewFact['state']>([
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
  'PENDING',
]);

export const toReviewFact = (node: GqlReview): ReviewFact | null => {
  const state = node.state as ReviewFact['state'];
  // A pending (unsubmitted) review has no submission time and is invisible to everyone but its author.
  if (!REVIEW_STATES.has(state) || state === 'PENDING' || !node.submittedAt || !node.commit) return null;
  return {
    id: node.databaseId,
    author: restLogin(node.author),
    state,
    submittedAt: node.submittedAt,
    commitId: node.commit.oid,
    body: node.body,
  };
};

const checkRunsOf = (change: GqlChange): CheckRunFact[] => {
  const commit = change.commits?.nodes[0]?.commit;
  if (!commit) return [];
  return commit.checkSuites.nodes.flatMap((suite) =>
    suite.checkRuns.nodes.map((run) => ({
      id: run.databaseId,
      name: run.name,
      status: run.status.toLowerCase() as CheckRunFact['status'],
      conclusion: run.conclusion ? run.conclusion.toLowerCase() : null,
      appId: suite.app?.databaseId ?? null,
      appSlug: suite.app?.slug ?? null,
      headSha: commit.oid,
      outputTitle: run.title,
      outputSummary: run.summary,
      startedAt: run.startedAt,
    })),
  );
};

/** Logins of the PR's commit authors, co-authors and committers; null when GitHub did not give every commit. */
const commitAuthorsOf = (change: GqlChange): string[] | null => {
  const commits = change.authorship?.nodes ?? [];
  if (change.authorship?.totalCount !== undefined && commits.length < change.authorship.totalCount)
    return null;
  const logins = commits.flatMap(({ commit }) =>
    [commit.author, commit.committer, ...(commit.authors?.nodes ?? [])].flatMap((actor) =>
      actor?.user ? [actor.user.login] : [],
    ),
  );
  return [...new Set(logins)];
};

/** The other open PRs whose head is this PR's head commit; null when GitHub did not list them all. */
const pullsAtHeadOf = (change: GqlChange): number[] | null => {
  const associated = change.commits?.nodes[0]?.commit.associatedPullRequests;
  if (!associated) return [];
  if ((associated.totalCount ?? 0) > associated.nodes.length) return null;
  return associated.nodes
    .filter(
      (pull) =>
        pull.state === 'OPEN' && pull.headRefOid === change.headRefOid && pull.number !== change.number,
    )
    .map((pull) => pull.number);
};

const lastForcePushOf = (change: GqlChange): ForcePushFact | null => {
  const event = change.timelineItems?.nodes.at(-1);
  if (!event?.id || !event.createdAt) return null;
  return { id: event.id, at: event.createdAt, after: event.afterCommit?.oid ?? null };
};

export interface ToChangeFactsOptions {
  ref: ChangeRef;
  ownerType: string;
  /** The repository's `databaseId`; null or absent when GitHub did not give it. */
  repositoryId?: number | null;
  change: GqlChange;
}

export const toChangeFacts = ({
  ref,
  ownerType,
  repositoryId,
  change,
}: ToChangeFactsOptions): Omit<ChangeFacts, 'teamMembers'> => {
  const isPull = change.__typename === 'PullRequest';
  const statuses = change.commits?.nodes[0]?.commit.status?.contexts ?? [];
  return {
    kind: isPull ? 'pull_request' : 'issue',
    owner: ref.owner,
    repo: ref.repo,
    repositoryId: typeof repositoryId === 'number' ? repositoryId : null,
    number: change.number,
    ownerIsOrg: ownerType === 'Organization',
    title: change.title,
    url: typeof change.url === 'string' ? change.url : null,
    body: change.body ?? '',
    author: restLogin(change.author),
    labels: change.labels.nodes.map((label) => label.name),
    state: (change.prState ?? change.issueState) === 'OPEN' ? 'open' : 'closed',
    merged: change.merged === true,
    draft: change.isDraft === true,
    createdAt: change.createdAt,
    headSha: isPull ? (change.headRefOid ?? null) : null,
    commitAuthors: isPull ? commitAuthorsOf(change) : [],
    lastForcePush: lastForcePushOf(change),
    pullsAtHead: isPull ? pullsAtHeadOf(change) : [],
    baseRef: isPull ? (change.baseRefName ?? null) : null,
    changedFiles: change.files?.nodes.map((file) => file.path) ?? [],
    checkRuns: checkRunsOf(change),
    statuses: statuses.map((status) => ({
      context: status.context,
      state: status.state.toLowerCase() as ChangeFacts['statuses'][number]['state'],
      description: status.description,
      creator: status.creator ? restLogin(status.creator) : null,
    })),
    reviews: (change.reviews?.nodes ?? []).map(toReviewFact).filter((review) => review !== null),
    comments: change.comments.nodes.map(toCommentFact),
  };
};
