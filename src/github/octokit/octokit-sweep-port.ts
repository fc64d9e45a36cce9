import { CHANGE_STATUS_LABELS } from '../../core/decision/change-status.ts';
import type { OpenChange } from '../../core/sweep/open-change.ts';
import type { OpenChangesQuery, SweepPort } from '../ports/sweep-port.ts';
import { withGitHubErrors } from './to-github-error.ts';

/**
 * Comments read at each end of an issue for the status comment's due marker: the app writes the status comment
 * when the change is submitted (so it is among the first ones when the issue was opened as a change), and
 * among the latest ones when the issue became a change later.
 */
const END_COMMENTS = 5;
/** GitHub's search returns at most 1000 results. */
const MAX_RESULTS = 1000;
const IMPLEMENTING_LABEL = CHANGE_STATUS_LABELS.implementing;

const COMMENT = 'databaseId author { login } body';

/** One page of changes: each pull request's head with our own app's check runs on it, each issue's latest comments. */
const PAGE_FIELDS = `
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest {
        number headRefOid baseRefName repository { name owner { login } }
        commits(last: 1) { nodes { commit { oid
          checkSuites(first: 5, filterBy: { appId: $appId }) { nodes {
            checkRuns(first: 20) { nodes { summary } } } } } } }
      }
      ... on Issue {
        number repository { name owner { login } }
        first: comments(first: ${END_COMMENTS}) { nodes { ${COMMENT} } }
        last: comments(last: ${END_COMMENTS}) { nodes { ${COMMENT} } }
      }
    }`;

/**
 * Two searches in one request: the open changes, and the closed ones still implementing (an emergency change
 * deployed before approval owes its retroactive approval and review after the merge). Our gate run is told
 * from other runs of our app by its covered-pulls marker, whatever a repository names the check.
 * see: https://docs.github.com/graphql/reference/queries#search
 */
export const OPEN_CHANGES_QUERY = `
query OpenChanges($open: String!, $openAfter: String, $withOpen: Boolean!, $owing: String!, $owingAfter: String, $withOwing: Boolean!, $appId: Int!) {
  open: search(query: $open, type: ISSUE, first: 100, after: $openAfter) @include(if: $withOpen) { ${PAGE_FIELDS} }
  owing: search(query: $owing, type: ISSUE, first: 100, after: $owingAfter) @include(if: $withOwing) { ${PAGE_FIELDS} }
}`;

interface SearchNode {
  __typename?: string;
  number?: number;
  headRefOid?: string;
  baseRefName?: string;
  repository?: { name: string; owner: { login: string } };
  commits?: {
    nodes: Array<{
      commit: {
        oid: string;
        checkSuites?: { nodes: Array<{ checkRuns?: { nodes: Array<{ summary: string | null }> } }> };
      };
    }>;
  };
  first?: { nodes: CommentNode[] };
  last?: { nodes: CommentNode[] };
}

interface CommentNode {
  databaseId: number | null;
  author: { login: string } | null;
  body: string;
}

interface SearchPage {
  issueCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<SearchNode | null>;
}

interface SearchResult {
  open?: SearchPage;
  owing?: SearchPage;
}

interface GraphQLOctokit {
  graphql<T>(query: string, parameters?: Record<string, unknown>): Promise<T>;
}

const whereOf = (query: OpenChangesQuery): string => {
  const owner = query.account.type === 'Organization' ? 'org' : 'user';
  return query.repository ? `repo:${query.repository}` : `${owner}:${query.account.login}`;
};

/** GitHub search syntax for the open changes: the label quoted (labels may hold spaces and colons). */
export const openChangesSearch = (query: OpenChangesQuery): string =>
  `is:open label:"${query.label.replaceAll('"', '')}" ${whereOf(query)}`;

/** The closed changes still implementing (the status label is ours, whatever the config's change label). */
export const owingChangesSearch = (query: OpenChangesQuery): string =>
  `is:closed label:"${IMPLEMENTING_LABEL}" ${whereOf(query)}`;

const toOpenChange = (node: SearchNode): OpenChange | null => {
  if (!node.repository || typeof node.number !== 'number') return null;
  const base = { owner: node.repository.owner.login, repo: node.repository.name, number: node.number };
  if (node.__typename === 'PullRequest') {
    const head = node.commits?.nodes.at(-1)?.commit;
    // Our runs on the commit GitHub lists as the head; a head that moved since leaves none there.
    const onHead = head && head.oid === node.headRefOid;
    return {
      ...base,
      kind: 'pull_request',
      ...(typeof node.baseRefName === 'string' && node.baseRefName !== ''
        ? { baseRef: node.baseRefName }
        : {}),
      headSha: node.headRefOid ?? null,
      checkSummaries: onHead
        ? (head.checkSuites?.nodes ?? []).flatMap((suite) =>
            (suite.checkRuns?.nodes ?? []).map((run) => run.summary ?? ''),
          )
        : [],
      recentComments: [],
    };
  }
  return {
    ...base,
    kind: 'issue',
    headSha: null,
    checkSummaries: [],
    recentComments: endComments(node).map((comment) => ({
      author: comment.author?.login ?? null,
      body: comment.body,
    })),
  };
};

/** The first and the last comments, each once, in posting order. */
const endComments = (node: SearchNode): CommentNode[] => {
  const first = node.first?.nodes ?? [];
  const seen = new Set(first.map((comment) => comment.databaseId));
  return [...first, ...(node.last?.nodes ?? []).filter((comment) => !seen.has(comment.databaseId))];
};

export const octokitSweepPort = ({ octokit }: { octokit: GraphQLOctokit }): SweepPort =>
  withGitHubErrors<SweepPort>({
    async openChanges(query) {
      const found = new Map<string, OpenChange>();
      const cursors = { open: null as string | null, owing: null as string | null };
      const more = { open: true, owing: true };
      let truncated = false;
      while (more.open || more.owing) {
        // see: https://docs.github.com/graphql/reference/queries#search
        const result: SearchResult = await octokit.graphql<SearchResult>(OPEN_CHANGES_QUERY, {
          open: openChangesSearch(query),
          openAfter: cursors.open,
          withOpen: more.open,
          owing: owingChangesSearch(query),
          owingAfter: cursors.owing,
          withOwing: more.owing,
          appId: query.appId,
        });
        for (const name of ['open', 'owing'] as const) {
          const page = result[name];
          if (!more[name] || !page) {
            more[name] = false;
            continue;
          }
          for (const node of page.nodes) {
            const change = node ? toOpenChange(node) : null;
            if (change) found.set(`${change.owner}/${change.repo}#${change.number}`.toLowerCase(), change);
          }
          more[name] = page.pageInfo.hasNextPage && page.pageInfo.endCursor !== null;
          cursors[name] = page.pageInfo.endCursor;
        }
        if (found.size >= MAX_RESULTS && (more.open || more.owing)) {
          truncated = true;
          break;
        }
      }
      return { changes: [...found.values()], truncated };
    },
  });
