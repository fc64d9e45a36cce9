import type {
  AuditCheckRun,
  AuditDeployment,
  AuditDeploymentStatus,
  AuditStatus,
} from '../../core/audit/audit-export.ts';
import { shortSha } from '../../core/text/short-sha.ts';
import type { AuditSourcePort } from '../ports/audit-source-port.ts';
import type { GraphqlOctokit } from './octokit-change-comments-port.ts';
import { octokitReportSourcePort } from './octokit-report-source-port.ts';
import { readRestPages } from './read-all-pages.ts';
import { expectList, expectObject, type RequestOctokit } from './request-octokit.ts';

/** 100 a page: 10 pages of check runs, statuses or deployments of one commit is far past any real one. */
const MAX_PAGES = 10;

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

/** AuditSourcePort: the report's reads (`octokitReportSourcePort`), and REST for checks and deployments. */
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
    ...octokitReportSourcePort({ octokit }),

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
