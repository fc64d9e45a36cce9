import type {
  AuditCheckRun,
  AuditComment,
  AuditDeployment,
  AuditDeploymentStatus,
  AuditStatus,
} from '../../core/audit/audit-export.ts';
import type { CommentFact } from '../../core/decision/change-facts.ts';
import { shortSha } from '../../core/text/short-sha.ts';
import type { AuditChangeRead, AuditSourcePort } from '../ports/audit-source-port.ts';
import type { GqlActor, GqlComment, Page } from './change-facts-query.ts';
import { type GraphqlOctokit, octokitChangeCommentsPort } from './octokit-change-comments-port.ts';
import { readRepositoryConfigText } from './octokit-report-source-port.ts';
import { readRestPages } from './read-all-pages.ts';
import { expectList, expectObject, type RequestOctokit } from './request-octokit.ts';
import { toCommentFact } from './to-change-facts.ts';

/** GitHub's search returns at most 1,000 results. */
const MAX_RESULTS = 1_000;
/** 100 a page: 10 pages of check runs, statuses or deployments of one commit is far past any real one. */
const MAX_PAGES = 10;

const COMMENTS = `comments(first: 100) {
          pageInfo { hasNextPage endCursor }
          nodes { databaseId body createdAt updatedAt lastEditedAt author { __typename login } } }`;
const FIELDS = `number createdAt title body url author { __typename login } ${COMMENTS}`;

/**
 * 100 changes a request, each with its body and first 100 comments; a longer thread is continued with its
 * own reads. see: https://docs.github.com/graphql/reference/queries#search
 */
export const AUDIT_CHANGES_QUERY = `
query AuditChanges($search: String!, $after: String) {
  search(query: $search, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on Issue { ${FIELDS} }
      ... on PullRequest { ${FIELDS} }
    }
  }
}`;

interface SearchNode {
  __typename?: string;
  number?: number;
  createdAt?: string;
  title?: string;
  body?: string;
  url?: string;
  author?: GqlActor | null;
  comments?: Page<GqlComment>;
}

interface AuditChangesResult {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<SearchNode | null>;
  };
}

const auditComment = (fact: CommentFact): AuditComment => ({
  id: fact.id,
  author: fact.author,
  author_is_bot: fact.authorIsBot,
  created_at: fact.createdAt,
  updated_at: fact.updatedAt,
  edited: fact.edited,
  body: fact.body,
});

/** A login as REST spells it: apps as `slug[bot]`, a deleted account as `ghost`. */
const restLogin = (actor: GqlActor | null): string => {
  if (!actor) return 'ghost';
  return actor.__typename === 'Bot' ? `${actor.login}[bot]` : actor.login;
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const login = (value: unknown): string | null =>
  text((value as { login?: unknown } | null | undefined)?.login);

const toCheckRun = (value: unknown): AuditCheckRun => {
  const run = value as Record<string, unknown>;
  const app = run.app as { slug?: unknown; id?: unknown } | null | undefined;
  return {
    id: Number(run.id),
    name: String(run.name ?? ''),
    app: text(app?.slug),
    app_id: typeof app?.id === 'number' ? app.id : null,
    status: String(run.status ?? ''),
    conclusion: text(run.conclusion),
    started_at: text(run.started_at),
    completed_at: text(run.completed_at),
    url: text(run.html_url),
  };
};

const toStatus = (value: unknown): AuditStatus => {
  const status = value as Record<string, unknown>;
  return {
    context: String(status.context ?? ''),
    state: String(status.state ?? ''),
    creator: login(status.creator),
    description: text(status.description),
    created_at: text(status.created_at),
    updated_at: text(status.updated_at),
    url: text(status.target_url),
  };
};

const toDeploymentStatus = (value: unknown): AuditDeploymentStatus => {
  const status = value as Record<string, unknown>;
  return {
    state: String(status.state ?? ''),
    creator: login(status.creator),
    description: text(status.description),
    created_at: text(status.created_at),
  };
};

/** AuditSourcePort over GitHub's GraphQL search (changes, bodies, comments) and REST (config, checks, deployments). */
export function octokitAuditSourcePort(options: {
  octokit: RequestOctokit & GraphqlOctokit;
  owner: string;
  repo: string;
}): AuditSourcePort {
  const { octokit, owner, repo } = options;
  const pages = <T>(
    route: string,
    parameters: Record<string, unknown>,
    what: string,
    items: (data: unknown) => T[],
  ) =>
    readRestPages({
      octokit,
      route,
      parameters: { owner, repo, per_page: 100, ...parameters },
      what,
      maxPages: MAX_PAGES,
      items,
    });

  const deploymentOf = async (data: unknown): Promise<AuditDeployment> => {
    const deployment = expectObject({ data, what: 'a deployment' });
    const id = Number(deployment.id);
    // see: https://docs.github.com/rest/deployments/statuses#list-deployment-statuses
    const statuses = await pages(
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      { deployment_id: id },
      `the statuses of deployment ${id}`,
      (list) => expectList({ data: list, what: `the statuses of deployment ${id}` }).map(toDeploymentStatus),
    );
    return {
      id,
      found: true,
      environment: text(deployment.environment),
      sha: text(deployment.sha),
      ref: text(deployment.ref),
      creator: login(deployment.creator),
      created_at: text(deployment.created_at),
      statuses,
    };
  };

  return {
    readConfig: () => readRepositoryConfigText({ octokit, owner, repo }),

    async changes({ label, updatedSince }) {
      const query = `repo:${owner}/${repo} label:"${label.replaceAll('"', '')}" updated:>=${updatedSince}`;
      const changes: AuditChangeRead[] = [];
      const long: number[] = [];
      let after: string | null = null;
      for (;;) {
        const result: AuditChangesResult = await octokit.graphql<AuditChangesResult>(AUDIT_CHANGES_QUERY, {
          search: query,
          after,
        });
        if (result.search.issueCount > MAX_RESULTS)
          throw new Error(
            `${result.search.issueCount} changes match "${query}", more than the ${MAX_RESULTS} GitHub's search returns: export a shorter period`,
          );
        for (const node of result.search.nodes) {
          if (!node?.number || !node.createdAt || !node.comments) continue;
          changes.push({
            number: node.number,
            kind: node.__typename === 'PullRequest' ? 'pull_request' : 'issue',
            title: node.title ?? '',
            url: node.url ?? '',
            author: restLogin(node.author ?? null),
            createdAt: node.createdAt,
            body: node.body ?? '',
            comments: node.comments.nodes.map((comment) => auditComment(toCommentFact(comment))),
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
        const whole = await threads.readComments({ owner, repo, number: change.number });
        changes[index] = { ...change, comments: whole.comments.map(auditComment) };
      }
      return changes;
    },

    async commitChecks(sha) {
      // see: https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference
      const checkRuns = await pages(
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        { ref: sha, filter: 'all' },
        `the check runs of ${shortSha(sha)}`,
        (data) =>
          expectList({ data, what: `the check runs of ${shortSha(sha)}`, field: 'check_runs' }).map(
            toCheckRun,
          ),
      );
      // see: https://docs.github.com/rest/commits/statuses#list-commit-statuses-for-a-reference
      const statuses = await pages(
        'GET /repos/{owner}/{repo}/commits/{ref}/statuses',
        { ref: sha },
        `the statuses of ${shortSha(sha)}`,
        (data) => expectList({ data, what: `the statuses of ${shortSha(sha)}` }).map(toStatus),
      );
      return { check_runs: checkRuns, statuses };
    },

    async deploymentsOf(sha) {
      // see: https://docs.github.com/rest/deployments/deployments#list-deployments
      const listed = await pages(
        'GET /repos/{owner}/{repo}/deployments',
        { sha },
        `the deployments of ${shortSha(sha)}`,
        (data) => expectList({ data, what: `the deployments of ${shortSha(sha)}` }),
      );
      const deployments: AuditDeployment[] = [];
      for (const data of listed) deployments.push(await deploymentOf(data));
      return deployments;
    },

    async deployment(id) {
      // see: https://docs.github.com/rest/deployments/deployments#get-a-deployment
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', {
          owner,
          repo,
          deployment_id: id,
        });
        return await deploymentOf(data);
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
        return {
          id,
          found: false,
          environment: null,
          sha: null,
          ref: null,
          creator: null,
          created_at: null,
          statuses: [],
        };
      }
    },
  };
}
