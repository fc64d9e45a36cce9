import type { CheckRunFact } from '../../core/decision/change-facts.ts';
import type { DeployCheckRun } from '../../core/deploy/deploy-input.ts';
import { shortSha } from '../../core/text/short-sha.ts';
import type { DeploymentSummary, DeployPort, PullRequestOfCommit } from '../ports/deploy-port.ts';
import { expectList, expectObject, type RepoOctokit } from './request-octokit.ts';
import { withGitHubErrors } from './to-github-error.ts';

/** Check runs read per SHA: three pages of 100 is far above what a head commit ever carries. */
const MAX_CHECK_RUN_PAGES = 3;
const MAX_FILES = 3000;

/**
 * The DeployPort over GitHub's REST API, for one repository. The client decides the rest: the action passes
 * its @octokit/rest client (GITHUB_API_URL, retries that end in GitHubUnavailableError), the app Probot's
 * installation client.
 */
export function octokitDeployPort(options: RepoOctokit): DeployPort {
  const { octokit, owner, repo } = options;

  return withGitHubErrors<DeployPort>({
    async readFile({ path, ref }) {
      // see: https://docs.github.com/rest/repos/contents#get-repository-content
      return readRaw(() =>
        octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
          owner,
          repo,
          path,
          ref,
          mediaType: { format: 'raw' },
        }),
      );
    },

    async readOrgFile(path) {
      // see: https://docs.github.com/rest/repos/contents#get-repository-content
      return readRaw(
        () =>
          octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
            owner,
            repo: '.github',
            path,
            mediaType: { format: 'raw' },
          }),
        [403, 404],
      );
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

    async pullRequestsOfCommit(sha) {
      // see: https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        owner,
        repo,
        commit_sha: sha,
        per_page: 100,
      });
      return expectList({ data, what: `the pull requests of ${shortSha(sha)}` }).map((item) =>
        toPullRequest(item as RestPullRequest),
      );
    },

    async filesOfCommit(sha) {
      // see: https://docs.github.com/rest/commits/commits#get-a-commit
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        owner,
        repo,
        ref: sha,
        per_page: 300,
      });
      const files = (expectObject({ data, what: `commit ${shortSha(sha)}` }).files ?? []) as Array<{
        filename: string;
      }>;
      return files.slice(0, MAX_FILES).map((file) => file.filename);
    },

    async checkRunsOf({ sha, checkName }) {
      const runs: DeployCheckRun[] = [];
      for (let page = 1; page <= MAX_CHECK_RUN_PAGES; page++) {
        // see: https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
          owner,
          repo,
          ref: sha,
          check_name: checkName,
          filter: 'all',
          per_page: 100,
          page,
        });
        const list = expectList({ data, what: `the check runs of ${shortSha(sha)}`, field: 'check_runs' });
        runs.push(...list.map((run) => toCheckRun(run as RestCheckRun)));
        if (list.length < 100) break;
      }
      return runs;
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

async function readRaw(
  request: () => Promise<{ data: unknown }>,
  absent: number[] = [404],
): Promise<string | null> {
  try {
    const { data } = await request();
    if (typeof data !== 'string') throw new Error('the path is a directory, not a file');
    return data;
  } catch (error) {
    if (absent.includes((error as { status?: number }).status ?? 0)) return null;
    throw error;
  }
}

interface RestDeployment {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
  payload: unknown;
}

function toDeployment(data: RestDeployment): DeploymentSummary {
  return {
    id: data.id,
    sha: data.sha,
    environment: data.environment,
    createdAt: data.created_at,
    payload: data.payload,
  };
}

interface RestPullRequest {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  merged_at?: string | null;
  head: { sha: string };
  base: { ref: string };
  labels?: Array<string | { name?: string }>;
}

function toPullRequest(pr: RestPullRequest): PullRequestOfCommit {
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? null,
    state: pr.state,
    mergedAt: pr.merged_at ?? null,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    labels: (pr.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
  };
}

interface RestCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  external_id: string | null;
  html_url: string | null;
  output?: { title: string | null; summary: string | null };
  app: { id: number; slug?: string } | null;
}

function toCheckRun(run: RestCheckRun): DeployCheckRun {
  return {
    id: run.id,
    name: run.name,
    headSha: run.head_sha,
    status: run.status as CheckRunFact['status'],
    conclusion: run.conclusion,
    appId: run.app?.id ?? null,
    appSlug: run.app?.slug ?? null,
    outputTitle: run.output?.title ?? null,
    outputSummary: run.output?.summary ?? null,
    startedAt: run.started_at,
    externalId: run.external_id,
    htmlUrl: run.html_url,
  };
}
