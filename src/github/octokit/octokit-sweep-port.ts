import type { OpenChange } from '../../core/sweep/open-change.ts';
import type { OpenChangesQuery, SweepPort } from '../ports/sweep-port.ts';
import { withGitHubErrors } from './to-github-error.ts';

/** Comments read per issue for the status comment's due marker: our status comment is usually among them. */
const RECENT_COMMENTS = 5;
/** GitHub's search returns at most 1000 results. */
const MAX_RESULTS = 1000;

/**
 * One page of open changes: each pull request's head with our own app's check runs on it (whatever a
 * repository names its gate check: the covered-pulls marker tells the gate run), each issue's latest
 * comments. see: https://docs.github.com/graphql/reference/queries#search
 */
export const OPEN_CHANGES_QUERY = `
query OpenChanges($q: String!, $after: String, $appId: Int!) {
  search(query: $q, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest {
        number headRefOid repository { name owner { login } }
        commits(last: 1) { nodes { commit { oid
          checkSuites(first: 5, filterBy: { appId: $appId }) { nodes {
            checkRuns(first: 20) { nodes { summary } } } } } } }
      }
      ... on Issue {
        number repository { name owner { login } }
        comments(last: ${RECENT_COMMENTS}) { nodes { author { login } body } }
      }
    }
  }
}`;

interface SearchNode {
  __typename?: string;
  number?: number;
  headRefOid?: string;
  repository?: { name: string; owner: { login: string } };
  commits?: {
    nodes: Array<{
      commit: {
        oid: string;
        checkSuites?: { nodes: Array<{ checkRuns?: { nodes: Array<{ summary: string | null }> } }> };
      };
    }>;
  };
  comments?: { nodes: Array<{ author: { login: string } | null; body: string }> };
}

interface SearchResult {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<SearchNode | null>;
  };
}

interface GraphQLOctokit {
  graphql<T>(query: string, parameters?: Record<string, unknown>): Promise<T>;
}

/** GitHub search syntax for one label, quoted (labels may hold spaces and colons). */
export const openChangesSearch = (query: OpenChangesQuery): string => {
  const owner = query.account.type === 'Organization' ? 'org' : 'user';
  const where = query.repository ? `repo:${query.repository}` : `${owner}:${query.account.login}`;
  return `is:open label:"${query.label.replaceAll('"', '')}" ${where}`;
};

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
    recentComments: (node.comments?.nodes ?? []).map((comment) => ({
      author: comment.author?.login ?? null,
      body: comment.body,
    })),
  };
};

export const octokitSweepPort = ({ octokit }: { octokit: GraphQLOctokit }): SweepPort =>
  withGitHubErrors<SweepPort>({
    async openChanges(query) {
      const changes: OpenChange[] = [];
      let after: string | null = null;
      for (;;) {
        // see: https://docs.github.com/graphql/reference/queries#search
        const result: SearchResult = await octokit.graphql<SearchResult>(OPEN_CHANGES_QUERY, {
          q: openChangesSearch(query),
          after,
          appId: query.appId,
        });
        for (const node of result.search.nodes) {
          const change = node ? toOpenChange(node) : null;
          if (change) changes.push(change);
        }
        const page = result.search.pageInfo;
        if (!page.hasNextPage || page.endCursor === null || changes.length >= MAX_RESULTS) {
          return { changes, truncated: page.hasNextPage };
        }
        after = page.endCursor;
      }
    },
  });
