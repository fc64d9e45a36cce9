import { shortSha } from '../../core/text/short-sha.ts';
import type { DeployPort } from '../ports/deploy-port.ts';
import { DEPLOY_RANGE_QUERY, type DeployRangeResult } from './deploy-range-query.ts';
import { type DeployStartResult, deployStartQuery } from './deploy-start-query.ts';
import type { GraphqlOctokit } from './octokit-change-comments-port.ts';
import { octokitConfigFilePort } from './octokit-config-file-port.ts';
import { readRestPages } from './read-all-pages.ts';
import { expectList, expectObject, type RequestOctokit } from './request-octokit.ts';
import {
  type RestCheckRun,
  type RestDeployment,
  type RestPullRequest,
  toCheckRun,
  toDeployment,
  toPullRequest,
} from './rest-deploy-shapes.ts';
import { toDeployRange } from './to-deploy-range.ts';
import { toDeployStart } from './to-deploy-start.ts';
import { withGitHubErrors } from './to-github-error.ts';

/** Check runs read per SHA: ten pages of 100 is far above what a head commit ever carries. */
const MAX_CHECK_RUN_PAGES = 10;
/** Pull requests of one commit: a commit is rarely in more than a handful. */
const MAX_PULL_PAGES = 10;
/** GitHub lists a commit's files 300 to a page, and no more than 3000 in all. */
const FILES_PER_PAGE = 300;
const MAX_FILES = 3000;

/**
 * The DeployPort over GitHub's REST API, for one repository. The client decides the rest: the action passes
 * its @octokit/rest client (GITHUB_API_URL, retries that end in GitHubUnavailableError), the app Probot's
 * installation client.
 */
export function octokitDeployPort(options: {
  octokit: RequestOctokit & GraphqlOctokit;
  owner: string;
  repo: string;
}): DeployPort {
  const { octokit, owner, repo } = options;

  return withGitHubErrors<DeployPort>({
    ...octokitConfigFilePort(octokit),

    async readDeployStart({ configPath, sha, environment, gateRuns }) {
      // A read-only query, paced as a read; any error in the answer throws (the gate refuses).
      // see: https://docs.github.com/graphql/reference/objects#repository
      const byApp = gateRuns?.appId != null;
      const result = await octokit.graphql<DeployStartResult>(
        deployStartQuery({ checkRuns: gateRuns === undefined ? false : byApp ? 'app' : 'name' }),
        {
          owner,
          repo,
          config: `HEAD:${configPath}`,
          sha,
          environment,
          ...(gateRuns
            ? {
                checkName: gateRuns.checkName,
                vouchName: gateRuns.vouchName,
                ...(byApp ? { appId: gateRuns.appId } : {}),
              }
            : {}),
        },
      );
      return toDeployStart({ result, owner, repo, environment, ...(gateRuns ? { gateRuns } : {}) });
    },

    async listDeployments({ environment, page, perPage }) {
      // see: https://docs.github.com/rest/deployments/deployments#list-deployments
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', {
        owner,
        repo,
        environment,
        page,
        per_page: perPage,
      });
      return expectList({ data, what: 'the deployments list' }).map((item) =>
        toDeployment(item as RestDeployment),
      );
    },

    async listDeploymentStatuses(deploymentId) {
      // see: https://docs.github.com/rest/deployments/statuses#list-deployment-statuses
      const { data } = await octokit.request(
        'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        {
          owner,
          repo,
          deployment_id: deploymentId,
          per_page: 100,
        },
      );
      return expectList({ data, what: `the statuses of deployment ${deploymentId}` }).map((item) => {
        const status = item as { state: string; description?: string | null; created_at: string };
        return {
          state: status.state,
          description: status.description ?? null,
          createdAt: status.created_at,
        };
      });
    },

    async compareCommits({ base, head, page, perPage }) {
      // see: https://docs.github.com/rest/commits/commits#compare-two-commits
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        owner,
        repo,
        basehead: `${base}...${head}`,
        page,
        per_page: perPage,
      });
      const what = `the comparison ${shortSha(base)}...${shortSha(head)}`;
      const comparison = expectObject({ data, what }) as { status: string; total_commits: number };
      return {
        status: comparison.status,
        totalCommits: comparison.total_commits,
        commits: expectList({ data, what, field: 'commits' }).map(
          (commit) => (commit as { sha: string }).sha,
        ),
      };
    },

    async readRange({ base, head }) {
      // A read-only query, paced as a read; any error in the answer throws (the gate refuses).
      // see: https://docs.github.com/graphql/reference/objects#commit
      const result = await octokit.graphql<DeployRangeResult>(DEPLOY_RANGE_QUERY, { owner, repo, head });
      return toDeployRange({ result, base, head });
    },

    async pullRequestsOfCommit(sha) {
      // see: https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit
      return readRestPages({
        octokit,
        route: 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
        parameters: { owner, repo, commit_sha: sha, per_page: 100 },
        what: `the list of pull requests of ${shortSha(sha)}`,
        maxPages: MAX_PULL_PAGES,
        items: (data) =>
          expectList({ data, what: `the pull requests of ${shortSha(sha)}` }).map((item) =>
            toPullRequest(item as RestPullRequest),
          ),
      });
    },

    async filesOfCommit(sha) {
      // More than 300 files come in pages, with Link headers, up to 3000.
      // see: https://docs.github.com/rest/commits/commits#get-a-commit
      const files = await readRestPages({
        octokit,
        route: 'GET /repos/{owner}/{repo}/commits/{ref}',
        parameters: { owner, repo, ref: sha, per_page: FILES_PER_PAGE },
        what: `the file list of commit ${shortSha(sha)}`,
        maxPages: MAX_FILES / FILES_PER_PAGE,
        items: (data) => {
          const commit = expectObject({ data, what: `commit ${shortSha(sha)}` });
          return ((commit.files ?? []) as Array<{ filename: string }>).map((file) => file.filename);
        },
      });
      if (files.length >= MAX_FILES) {
        throw new Error(
          `commit ${shortSha(sha)} changes ${MAX_FILES} files or more, and GitHub lists no more than ${MAX_FILES}: its other files cannot be checked against the config's scope`,
        );
      }
      return files;
    },

    async checkRunsOf({ sha, checkName }) {
      // see: https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference
      return readRestPages({
        octokit,
        route: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        parameters: { owner, repo, ref: sha, check_name: checkName, filter: 'all', per_page: 100 },
        what: `the "${checkName}" check runs of ${shortSha(sha)}`,
        maxPages: MAX_CHECK_RUN_PAGES,
        items: (data) =>
          expectList({ data, what: `the check runs of ${shortSha(sha)}`, field: 'check_runs' }).map((run) =>
            toCheckRun(run as RestCheckRun),
          ),
      });
    },

    async getDeployment(id) {
      // see: https://docs.github.com/rest/deployments/deployments#get-a-deployment
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', {
        owner,
        repo,
        deployment_id: id,
      });
      return toDeployment(expectObject({ data, what: `deployment ${id}` }) as unknown as RestDeployment);
    },

    async createDeployment(write) {
      // see: https://docs.github.com/rest/deployments/deployments#create-a-deployment
      const response = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
        owner,
        repo,
        ref: write.sha,
        environment: write.environment,
        description: write.description,
        payload: write.payload as Record<string, unknown>,
        auto_merge: false,
        // The gate already checked what matters; other required contexts would make GitHub refuse with 409.
        required_contexts: [],
        task: 'deploy',
      });
      const id = (response.data as { id?: unknown } | null)?.id;
      if (response.status !== 201 || typeof id !== 'number') {
        throw new Error(`GitHub did not create the deployment (HTTP ${response.status})`);
      }
      return { id };
    },

    async createDeploymentStatus(write) {
      // see: https://docs.github.com/rest/deployments/statuses#create-a-deployment-status
      await octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        owner,
        repo,
        deployment_id: write.deploymentId,
        state: write.state,
        description: write.description,
        ...(write.logUrl ? { log_url: write.logUrl } : {}),
      });
    },
  });
}
