import { CONFIG_PATH } from '../../core/policy/config-path.ts';
import type { ChangeComments } from '../ports/change-comments-port.ts';
import type { ReportSourcePort } from '../ports/report-source-port.ts';
import type { GqlComment, Page } from './change-facts-query.ts';
import { type GraphqlOctokit, octokitChangeCommentsPort } from './octokit-change-comments-port.ts';
import type { RequestOctokit } from './request-octokit.ts';
import { toCommentFact } from './to-change-facts.ts';

/** GitHub's search returns at most 1,000 results. */
const MAX_RESULTS = 1_000;

const COMMENTS = `comments(first: 100) {
          pageInfo { hasNextPage endCursor }
          nodes { databaseId body createdAt updatedAt lastEditedAt author { __typename login } } }`;

/**
 * 100 changes a request, each with its first 100 comments; a longer thread is continued with its own reads.
 * see: https://docs.github.com/graphql/reference/queries#search
 */
export const REPORT_CHANGES_QUERY = `
query ReportChanges($search: String!, $after: String) {
  search(query: $search, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on Issue { number createdAt body ${COMMENTS} }
      ... on PullRequest { number createdAt body ${COMMENTS} }
    }
  }
}`;

interface SearchNode {
  __typename?: string;
  number?: number;
  createdAt?: string;
  body?: string | null;
  comments?: Page<GqlComment>;
}

interface ReportChangesResult {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<SearchNode | null>;
  };
}

/** ReportSourcePort over GitHub's GraphQL search (changes and comments) and REST contents (the config). */
export function octokitReportSourcePort(options: {
  octokit: RequestOctokit & GraphqlOctokit;
  owner: string;
  repo: string;
}): ReportSourcePort {
  const { octokit, owner, repo } = options;
  return {
    async readConfig() {
      // see: https://docs.github.com/rest/repos/contents#get-repository-content
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
          owner,
          repo,
          path: CONFIG_PATH,
          mediaType: { format: 'raw' },
        });
        if (typeof data !== 'string') throw new Error(`${CONFIG_PATH} is not a file`);
        return data;
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
      // No config, or no repository: GitHub's search would answer an empty list for a repository it cannot see.
      // see: https://docs.github.com/rest/repos/repos#get-a-repository
      try {
        await octokit.request('GET /repos/{owner}/{repo}', { owner, repo });
        return null;
      } catch (error) {
        if ((error as { status?: number }).status === 404)
          throw new Error(`${owner}/${repo} not found, or not visible to this token`);
        throw error;
      }
    },

    async changes({ label, updatedSince }) {
      const query = `repo:${owner}/${repo} label:"${label.replaceAll('"', '')}" updated:>=${updatedSince}`;
      const changes: ChangeComments[] = [];
      const long: number[] = [];
      let after: string | null = null;
      for (;;) {
        const result: ReportChangesResult = await octokit.graphql<ReportChangesResult>(REPORT_CHANGES_QUERY, {
          search: query,
          after,
        });
        if (result.search.issueCount > MAX_RESULTS)
          throw new Error(
            `${result.search.issueCount} changes match "${query}", more than the ${MAX_RESULTS} GitHub's search returns: report a shorter period`,
          );
        for (const node of result.search.nodes) {
          if (!node?.number || !node.createdAt || !node.comments) continue;
          changes.push({
            number: node.number,
            createdAt: node.createdAt,
            body: typeof node.body === 'string' ? node.body : null,
            comments: node.comments.nodes.map(toCommentFact),
          });
          if (node.comments.pageInfo?.hasNextPage) long.push(changes.length - 1);
        }
        after = result.search.pageInfo.endCursor;
        if (!result.search.pageInfo.hasNextPage || after === null) break;
      }
      // A thread longer than a page is read again whole, with the reader `change-gate history` uses.
      const threads = octokitChangeCommentsPort(octokit);
      for (const index of long) {
        const change = changes[index]!;
        const thread = await threads.readComments({ owner, repo, number: change.number });
        changes[index] = { ...thread, body: change.body ?? null };
      }
      return changes;
    },
  };
}
