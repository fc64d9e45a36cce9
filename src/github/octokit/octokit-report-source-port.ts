import { CONFIG_PATH } from '../../core/policy/config-path.ts';
import type {
  ChangeSearchQuery,
  FoundChange,
  ReportScope,
  ReportSourcePort,
  RepositoryPage,
} from '../ports/report-source-port.ts';
import type { GqlActor, GqlComment, Page } from './change-facts-query.ts';
import { type GraphqlOctokit, octokitChangeCommentsPort } from './octokit-change-comments-port.ts';
import { octokitConfigFilePort } from './octokit-config-file-port.ts';
import type { RequestOctokit } from './request-octokit.ts';
import { restLogin, toCommentFact } from './to-change-facts.ts';

const COMMENTS = `comments(first: 100) {
          pageInfo { hasNextPage endCursor }
          nodes { databaseId body createdAt updatedAt lastEditedAt author { __typename login } } }`;

const CHANGE = `number createdAt title url author { __typename login } body repository { databaseId nameWithOwner } ${COMMENTS}`;

/**
 * 100 changes a request, oldest first, each with its repository, what the audit export shows of it (title,
 * url, author: a few bytes, no extra request) and first 100 comments; a longer thread is continued with its
 * own reads. see: https://docs.github.com/graphql/reference/queries#search
 */
export const REPORT_CHANGES_QUERY = `
query ReportChanges($search: String!, $after: String) {
  search(query: $search, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on Issue { ${CHANGE} }
      ... on PullRequest { ${CHANGE} }
    }
  }
}`;

const CONFIG_BLOB = `object(expression: "HEAD:${CONFIG_PATH}") { __typename ... on Blob { text isTruncated } }`;

/** see: https://docs.github.com/graphql/reference/queries#repository */
export const REPORT_REPOSITORY_QUERY = `
query ReportRepository($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { name owner { __typename } ${CONFIG_BLOB} }
}`;

/** 100 repositories a request, each with its config file. see: https://docs.github.com/graphql/reference/queries#repositoryowner */
export const REPORT_REPOSITORIES_QUERY = `
query ReportRepositories($owner: String!, $after: String) {
  repositoryOwner(login: $owner) {
    __typename
    repositories(first: 100, after: $after, ownerAffiliations: [OWNER], orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { name ${CONFIG_BLOB} }
    }
  }
}`;

interface SearchNode {
  __typename?: string;
  number?: number;
  createdAt?: string;
  title?: string;
  url?: string;
  author?: GqlActor | null;
  body?: string | null;
  repository?: { databaseId?: number | null; nameWithOwner?: string };
  comments?: Page<GqlComment>;
}

interface ReportChangesResult {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<SearchNode | null>;
  };
}

interface ConfigBlob {
  __typename?: string;
  text?: string | null;
  isTruncated?: boolean;
}

interface RepositoryNode {
  name: string;
  owner?: { __typename?: string };
  object: ConfigBlob | null;
}

const SECOND = 1_000;

const configText = (owner: string, node: RepositoryNode): string | null => {
  const blob = node.object;
  if (blob === null || blob === undefined) return null;
  const where = `${owner}/${node.name}:${CONFIG_PATH}`;
  if (blob.__typename !== 'Blob') throw new Error(`${where} is a ${blob.__typename ?? 'tree'}, not a file`);
  if (blob.isTruncated === true || typeof blob.text !== 'string')
    throw new Error(`${where} could not be read whole (binary or too large)`);
  return blob.text;
};

const ownerKindOf = (typename: string | undefined): RepositoryPage['ownerKind'] =>
  typename === 'User' ? 'User' : 'Organization';

/** GitHub's search syntax for a query; a range's end is inclusive, to the second. */
export const searchText = (query: ChangeSearchQuery): string => {
  const where =
    'repository' in query.where
      ? `repo:${query.where.repository}`
      : `${query.where.ownerKind === 'User' ? 'user' : 'org'}:${query.where.owner}`;
  const last = `${new Date(Date.parse(query.created.to) - SECOND).toISOString().slice(0, 19)}Z`;
  const created =
    query.created.from === null ? `created:<${query.created.to}` : `created:${query.created.from}..${last}`;
  const state = query.state === 'open' ? ' state:open' : '';
  const updated = query.updatedSince === null ? '' : ` updated:>=${query.updatedSince.slice(0, 19)}Z`;
  return `${where} label:"${query.label.replaceAll('"', '')}"${state}${updated} ${created} sort:created-asc`;
};

/** ReportSourcePort over GitHub's GraphQL API (repositories with their config, search) and REST contents. */
export function octokitReportSourcePort(options: {
  octokit: RequestOctokit & GraphqlOctokit;
}): ReportSourcePort {
  const { octokit } = options;
  const threads = octokitChangeCommentsPort(octokit);
  const files = octokitConfigFilePort(octokit);
  return {
    readConfigFile: (location) => files.readConfigFile(location),
    readComments: (ref) => threads.readComments(ref),

    async repositories(scope: ReportScope, after: string | null): Promise<RepositoryPage> {
      if (scope.kind === 'repository') {
        const result = await octokit
          .graphql<{ repository: RepositoryNode | null }>(REPORT_REPOSITORY_QUERY, {
            owner: scope.owner,
            name: scope.repo,
          })
          .catch((error: unknown) => {
            if ((error as { errors?: Array<{ type?: string }> }).errors?.some((e) => e.type === 'NOT_FOUND'))
              return { repository: null };
            throw error;
          });
        if (result.repository === null)
          throw new Error(`${scope.owner}/${scope.repo} not found, or not visible to this token`);
        const node = result.repository;
        return {
          ownerKind: ownerKindOf(node.owner?.__typename),
          repositories: [{ name: node.name, configText: configText(scope.owner, node) }],
          next: null,
        };
      }
      const result: {
        repositoryOwner: { __typename?: string; repositories: Page<RepositoryNode> } | null;
      } = await octokit.graphql(REPORT_REPOSITORIES_QUERY, { owner: scope.owner, after });
      const owner = result.repositoryOwner;
      if (owner === null) throw new Error(`${scope.owner} not found, or not visible to this token`);
      const { pageInfo } = owner.repositories;
      return {
        ownerKind: ownerKindOf(owner.__typename),
        repositories: owner.repositories.nodes.map((node) => ({
          name: node.name,
          configText: configText(scope.owner, node),
        })),
        next: pageInfo?.hasNextPage === true ? (pageInfo.endCursor ?? null) : null,
      };
    },

    async searchChanges(query, after) {
      const result = await octokit.graphql<ReportChangesResult>(REPORT_CHANGES_QUERY, {
        search: searchText(query),
        after,
      });
      const changes: FoundChange[] = [];
      for (const node of result.search.nodes) {
        const repository = node?.repository?.nameWithOwner;
        if (!node?.number || !node.createdAt || !node.comments || !repository) continue;
        const repositoryId = node.repository?.databaseId;
        changes.push({
          repository,
          repositoryId: typeof repositoryId === 'number' ? repositoryId : null,
          number: node.number,
          createdAt: node.createdAt,
          kind: node.__typename === 'PullRequest' ? 'pull_request' : 'issue',
          title: node.title ?? '',
          url: node.url ?? '',
          author: restLogin(node.author ?? null),
          body: typeof node.body === 'string' ? node.body : null,
          comments: node.comments.nodes.map(toCommentFact),
          commentsComplete: node.comments.pageInfo?.hasNextPage !== true,
        });
      }
      const { hasNextPage, endCursor } = result.search.pageInfo;
      return { issueCount: result.search.issueCount, changes, next: hasNextPage ? endCursor : null };
    },
  };
}
