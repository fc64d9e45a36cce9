import { type GqlOrganizationTeams, teamsSelection, teamVariables } from './team-members-query.ts';

/**
 * One GraphQL read of everything an evaluation needs about a PR or issue (DESIGN: few round trips).
 * Connections longer than a page are continued with the small follow-up queries below.
 * see: https://docs.github.com/graphql/reference/objects#pullrequest
 */
const COMMENT_FIELDS = 'id databaseId body createdAt updatedAt lastEditedAt author { __typename login }';
// `__typename` tells an app's review (Bot, login without `[bot]`) from a person of the same login.
const REVIEW_FIELDS = 'databaseId state submittedAt body author { __typename login } commit { oid }';
const PAGE = 'pageInfo { hasNextPage endCursor }';
/** Who wrote and committed each commit, as GitHub links their emails to users (co-authors included). */
const COMMIT_FIELDS =
  'commit { author { user { login } } committer { user { login } } authors(first: 10) { nodes { user { login } } } }';

/**
 * The facts query, which also reads, in the same request, the config file on the default branch (`$config`:
 * `HEAD:.github/change-management.yml`; HEAD is the default branch) and the members of `teams` teams of the
 * owner (`$t0`…: the teams its evaluations named last, see team-members-cache.ts). The node ids (repository,
 * change, labels, check runs) and the repository's `change:` labels serve the writes after the history
 * entries, sent as one GraphQL request (after-entries-mutation.ts).
 */
export const changeFactsQuery = (options: { teams: number }): string => `
query ChangeFacts($owner: String!, $repo: String!, $number: Int!, $config: String!${teamVariables(options.teams)}) {
  ${teamsSelection(options.teams, '$owner')}
  repository(owner: $owner, name: $repo) {
    id databaseId owner { __typename login }
    managedLabels: labels(first: 50, query: "change:") { nodes { id name } }
    config: object(expression: $config) { __typename ... on Blob { text isTruncated isBinary } }
    issueOrPullRequest(number: $number) {
      __typename
      ... on Issue {
        id number title url body issueState: state createdAt author { __typename login }
        labels(first: 100) { nodes { id name } }
        comments(first: 100) { ${PAGE} nodes { ${COMMENT_FIELDS} } }
      }
      ... on PullRequest {
        id number title url body prState: state merged isDraft createdAt headRefOid baseRefName
        author { __typename login }
        labels(first: 100) { nodes { id name } }
        changedFiles files(first: 100) { ${PAGE} nodes { path } }
        reviews(first: 100) { ${PAGE} nodes { ${REVIEW_FIELDS} } }
        comments(first: 100) { ${PAGE} nodes { ${COMMENT_FIELDS} } }
        authorship: commits(first: 100) { totalCount ${PAGE} nodes { ${COMMIT_FIELDS} } }
        timelineItems(last: 1, itemTypes: [HEAD_REF_FORCE_PUSHED_EVENT]) { nodes {
          ... on HeadRefForcePushedEvent { id createdAt afterCommit { oid } } } }
        commits(last: 1) { nodes { commit { oid
          checkSuites(first: 50) { nodes { app { databaseId slug }
            checkRuns(first: 50) { nodes { id databaseId name status conclusion startedAt title summary } } } }
          associatedPullRequests(first: 50) { totalCount nodes { number state headRefOid } }
          status { contexts { context state description creator { __typename login } } } } } }
      }
    }
  }
}`;

/** The facts query without teams (what a first evaluation in an organization sends). */
export const CHANGE_FACTS_QUERY = changeFactsQuery({ teams: 0 });

/** Follow-up page of one connection of a PR or issue. */
export const connectionPageQuery = (connection: 'comments' | 'reviews' | 'files' | 'commits'): string => {
  const fields = { comments: COMMENT_FIELDS, reviews: REVIEW_FIELDS, files: 'path', commits: COMMIT_FIELDS }[
    connection
  ];
  const onPull = `... on PullRequest { ${connection}(first: 100, after: $after) { ${PAGE} nodes { ${fields} } } }`;
  const onIssue =
    connection === 'comments'
      ? `... on Issue { comments(first: 100, after: $after) { ${PAGE} nodes { ${fields} } } }`
      : '';
  return `
query ChangeFactsPage($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issueOrPullRequest(number: $number) { __typename ${onIssue} ${onPull} }
  }
}`;
};

export interface Page<T> {
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
  totalCount?: number;
}

export interface GqlActor {
  __typename?: string;
  login: string;
}

export interface GqlComment {
  /** The node id, for the GraphQL writes (optional: older answers and test fixtures lack it). */
  id?: string;
  databaseId: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  lastEditedAt: string | null;
  author: GqlActor | null;
}

export interface GqlReview {
  databaseId: number;
  state: string;
  submittedAt: string | null;
  body: string;
  author: GqlActor | null;
  commit: { oid: string } | null;
}

interface GqlGitActor {
  user: { login: string } | null;
}

export interface GqlCommitAuthorship {
  commit: { author: GqlGitActor | null; committer: GqlGitActor | null; authors?: { nodes: GqlGitActor[] } };
}

export interface GqlCheckRun {
  /** The node id, for the GraphQL writes (optional: older answers and test fixtures lack it). */
  id?: string;
  databaseId: number;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  title: string | null;
  summary: string | null;
}

export interface GqlChange {
  __typename: 'Issue' | 'PullRequest';
  /** The node id, for the GraphQL writes (optional: older answers and test fixtures lack it). */
  id?: string;
  number: number;
  title: string;
  url?: string;
  body: string;
  /** `state` is aliased: Issue and PullRequest type it differently, and one selection cannot merge both. */
  issueState?: string;
  prState?: string;
  createdAt: string;
  author: GqlActor | null;
  labels: Page<{ name: string; id?: string }>;
  comments: Page<GqlComment>;
  merged?: boolean;
  isDraft?: boolean;
  headRefOid?: string;
  baseRefName?: string;
  /** How many files the PR changes, as GitHub counts them: more than `files` holds means we did not get them all. */
  changedFiles?: number;
  files?: Page<{ path: string }> | null;
  reviews?: Page<GqlReview>;
  /** The PR's commits (aliased `commits`), for who authored and committed them. */
  authorship?: Page<GqlCommitAuthorship>;
  timelineItems?: { nodes: Array<{ id?: string; createdAt?: string; afterCommit?: { oid: string } | null }> };
  commits?: {
    nodes: Array<{
      commit: {
        oid: string;
        checkSuites: Page<{ app: { databaseId: number; slug: string } | null; checkRuns: Page<GqlCheckRun> }>;
        associatedPullRequests?: Page<{ number: number; state: string; headRefOid: string }> | null;
        status: {
          contexts: Array<{
            context: string;
            state: string;
            description: string | null;
            creator?: GqlActor | null;
          }>;
        } | null;
      };
    }>;
  };
}

export interface ChangeFactsResult {
  organization?: GqlOrganizationTeams;
  repository: {
    /** The node id, for the GraphQL writes (optional: older answers and test fixtures lack it). */
    id?: string;
    /** The repository's numeric id, which history entries are bound to (optional: older answers lack it). */
    databaseId?: number | null;
    owner: GqlActor;
    /** The repository's labels whose name has `change:` (the app's), with their node ids, for the GraphQL writes. */
    managedLabels?: Page<{ name: string; id: string }> | null;
    /** The config file on the default branch; null when absent; undefined when not asked (an older answer). */
    config?: { __typename?: string; text?: string | null; isTruncated?: boolean; isBinary?: boolean } | null;
    issueOrPullRequest: GqlChange | null;
  } | null;
}

export interface ChangeFactsPageResult {
  repository: {
    issueOrPullRequest:
      | (Partial<Pick<GqlChange, 'comments' | 'reviews' | 'files'>> & { commits?: Page<GqlCommitAuthorship> })
      | null;
  } | null;
}
