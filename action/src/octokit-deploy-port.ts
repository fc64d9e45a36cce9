import { Octokit } from '@octokit/rest';
import type { DeployCheckRun } from '../../src/core/deploy/deploy-input.ts';
import type { CheckRunFact } from '../../src/core/facts.ts';
import type { DeploymentSummary, DeployPort } from './deploy-port.ts';
import { type RetryOptions, withRetries } from './with-retries.ts';

/** Check runs read per SHA: three pages of 100 is far above what a head commit ever carries. */
const MAX_CHECK_RUN_PAGES = 3;
const MAX_FILES = 3000;

/** The DeployPort over GitHub's REST API. `baseUrl` comes from GITHUB_API_URL: GHES and the simulator work. */
export function octokitDeployPort(options: {
  token: string;
  baseUrl: string;
  owner: string;
  repo: string;
  retry: RetryOptions;
}): DeployPort {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'change-gate-action',
    // Failed requests are reported once, by the gate, with what they mean (an absent config is a 404 too).
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
  });
  withRetries({ octokit, retry: options.retry });
  const { owner, repo } = options;

  return {
    async readFile({ path, ref }) {
      // see: https://docs.github.com/rest/repos/contents#get-repository-content
      return readRaw(() =>
        octokit.rest.repos.getContent({ owner, repo, path, ref, mediaType: { format: 'raw' } }),
      );
    },

    async readOrgFile(path) {
      // see: https://docs.github.com/rest/repos/contents#get-repository-content
      return readRaw(
        () => octokit.rest.repos.getContent({ owner, repo: '.github', path, mediaType: { format: 'raw' } }),
        [403, 404],
      );
    },

    async listDeployments({ environment, page, perPage }) {
      // see: https://docs.github.com/rest/deployments/deployments#list-deployments
      const { data } = await octokit.rest.repos.listDeployments({
        owner,
        repo,
        environment,
        page,
        per_page: perPage,
      });
      return data.map(toDeployment);
    },

    async listDeploymentStatuses(deploymentId) {
      // see: https://docs.github.com/rest/deployments/statuses#list-deployment-statuses
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        owner,
        repo,
        deployment_id: deploymentId,
        per_page: 100,
      });
      return data.map((status) => ({
        state: status.state,
        description: status.description ?? null,
        createdAt: status.created_at,
      }));
    },

    async compareCommits({ base, head, page, perPage }) {
      // see: https://docs.github.com/rest/commits/commits#compare-two-commits
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
        page,
        per_page: perPage,
      });
      return {
        status: data.status,
        totalCommits: data.total_commits,
        commits: data.commits.map((commit) => commit.sha),
      };
    },

    async pullRequestsOfCommit(sha) {
      // see: https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
        per_page: 100,
      });
      return data.map((pr) => ({
        number: pr.number,
        title: pr.title,
        body: pr.body ?? null,
        state: pr.state,
        mergedAt: pr.merged_at ?? null,
        headSha: pr.head.sha,
        baseRef: pr.base.ref,
        labels: pr.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
      }));
    },

    async filesOfCommit(sha) {
      // see: https://docs.github.com/rest/commits/commits#get-a-commit
      const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: sha, per_page: 300 });
      return (data.files ?? []).slice(0, MAX_FILES).map((file) => file.filename);
    },

    async checkRunsOf({ sha, checkName }) {
      const runs: DeployCheckRun[] = [];
      for (let page = 1; page <= MAX_CHECK_RUN_PAGES; page++) {
        // see: https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference
        const { data } = await octokit.rest.checks.listForRef({
          owner,
          repo,
          ref: sha,
          check_name: checkName,
          filter: 'all',
          per_page: 100,
          page,
        });
        runs.push(...data.check_runs.map(toCheckRun));
        if (data.check_runs.length < 100) break;
      }
      return runs;
    },

    async getDeployment(id) {
      // see: https://docs.github.com/rest/deployments/deployments#get-a-deployment
      const { data } = await octokit.rest.repos.getDeployment({ owner, repo, deployment_id: id });
      return toDeployment(data);
    },

    async createDeployment(write) {
      // see: https://docs.github.com/rest/deployments/deployments#create-a-deployment
      const response = await octokit.rest.repos.createDeployment({
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
      if (response.status !== 201 || !('id' in response.data)) {
        throw new Error(`GitHub did not create the deployment (HTTP ${response.status})`);
      }
      return { id: response.data.id };
    },

    async createDeploymentStatus(write) {
      // see: https://docs.github.com/rest/deployments/statuses#create-a-deployment-status
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: write.deploymentId,
        state: write.state,
        description: write.description,
        ...(write.logUrl ? { log_url: write.logUrl } : {}),
      });
    },
  };
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

function toDeployment(data: {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
  payload: unknown;
}): DeploymentSummary {
  return {
    id: data.id,
    sha: data.sha,
    environment: data.environment,
    createdAt: data.created_at,
    payload: data.payload,
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
  output: { title: string | null; summary: string | null };
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
    outputTitle: run.output.title,
    outputSummary: run.output.summary,
    startedAt: run.started_at,
    externalId: run.external_id,
    htmlUrl: run.html_url,
  };
}
