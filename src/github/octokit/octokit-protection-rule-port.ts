import type { ProtectionRulePort, WaitingRun } from '../ports/protection-rule-port.ts';
import { expectList, expectObject, type RepoOctokit } from './request-octokit.ts';
import { withGitHubErrors } from './to-github-error.ts';

/** Waiting runs looked at per release: one page; a repository rarely holds more than a few. */
const WAITING_RUNS_PAGE = 100;

/** The ProtectionRulePort over GitHub's REST API, for one repository, with the app's installation client. */
export function octokitProtectionRulePort(options: RepoOctokit): ProtectionRulePort {
  const { octokit, owner, repo } = options;
  return withGitHubErrors<ProtectionRulePort>({
    async reviewProtectionRule({ runId, environment, state, comment }) {
      // see: https://docs.github.com/rest/actions/workflow-runs#review-custom-deployment-protection-rules-for-a-workflow-run
      await octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule', {
        owner,
        repo,
        run_id: runId,
        environment_name: environment,
        state,
        comment,
      });
    },

    async reportProtectionRuleStatus({ runId, environment, comment }) {
      // A review with a comment and no state is a status report: the run keeps waiting.
      // see: https://docs.github.com/rest/actions/workflow-runs#review-custom-deployment-protection-rules-for-a-workflow-run
      await octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule', {
        owner,
        repo,
        run_id: runId,
        environment_name: environment,
        comment,
      });
    },

    async listWaitingRuns() {
      // see: https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
        owner,
        repo,
        status: 'waiting',
        per_page: WAITING_RUNS_PAGE,
      });
      return expectList({ data, what: 'the waiting workflow runs', field: 'workflow_runs' }).flatMap(
        (item): WaitingRun[] => {
          const run = toWaitingRun(item);
          return run ? [run] : [];
        },
      );
    },

    async waitingRun(runId) {
      // see: https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
        owner,
        repo,
        run_id: runId,
      });
      const run = toWaitingRun(expectObject({ data, what: `workflow run ${runId}` }));
      if (run === null || run.id !== runId)
        throw new Error(`GitHub answered workflow run ${runId} without its id and commit`);
      return (data as { status?: unknown }).status === 'waiting' ? run : null;
    },

    async pendingEnvironments(runId) {
      // see: https://docs.github.com/rest/actions/workflow-runs#get-pending-deployments-for-a-workflow-run
      const { data } = await octokit.request(
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
        {
          owner,
          repo,
          run_id: runId,
        },
      );
      return expectList({ data, what: `the pending deployments of run ${runId}` }).flatMap((item) => {
        const name = (item as { environment?: { name?: unknown } }).environment?.name;
        return typeof name === 'string' && name !== '' ? [name] : [];
      });
    },

    async protectionRuleAppIds(environment) {
      // see: https://docs.github.com/rest/deployments/protection-rules#get-all-deployment-protection-rules-for-an-environment
      const { data } = await octokit.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
        { owner, repo, environment_name: environment },
      );
      return expectList({
        data,
        what: `the protection rules of environment ${environment}`,
        field: 'custom_deployment_protection_rules',
      }).flatMap((item) => {
        const rule = item as { enabled?: unknown; app?: { id?: unknown } };
        return rule.enabled !== false && typeof rule.app?.id === 'number' ? [rule.app.id] : [];
      });
    },
  });
}

/** A run as REST gives it: its id and commit required, its branch when named. */
function toWaitingRun(item: unknown): WaitingRun | null {
  const run = item as { id?: unknown; head_sha?: unknown; head_branch?: unknown } | null;
  if (typeof run?.id !== 'number' || typeof run.head_sha !== 'string') return null;
  const headBranch = typeof run.head_branch === 'string' ? run.head_branch : null;
  return { id: run.id, headSha: run.head_sha, headBranch };
}
