import type { ChangeIntakePort } from '../ports/change-intake-port.ts';
import { expectObject, type RequestOctokit } from './request-octokit.ts';
import { withGitHubErrors } from './to-github-error.ts';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** ChangeIntakePort over GitHub's REST API (issues: write, pull requests: write). */
export const createOctokitChangeIntakePort = (octokit: RequestOctokit): ChangeIntakePort =>
  withGitHubErrors<ChangeIntakePort>({
    async createIssue(repo, issue) {
      // see: https://docs.github.com/rest/issues/issues#create-an-issue
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', { ...repo, ...issue });
      const created = expectObject({ data, what: 'the new issue' });
      return { number: Number(created.number), url: text(created.html_url) || null };
    },
    async readPullRequest(ref) {
      try {
        // see: https://docs.github.com/rest/pulls/pulls#get-a-pull-request
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner: ref.owner,
          repo: ref.repo,
          pull_number: ref.number,
        });
        const pull = expectObject({ data, what: 'a pull request' });
        const labels = Array.isArray(pull.labels) ? pull.labels : [];
        return {
          number: Number(pull.number),
          state: pull.state === 'closed' ? 'closed' : 'open',
          body: text(pull.body),
          labels: labels.map((label) => text((label as { name?: unknown }).name)).filter(Boolean),
          url: text(pull.html_url) || null,
        };
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) return null;
        throw error;
      }
    },
    async updatePullRequestBody(ref, body) {
      // see: https://docs.github.com/rest/pulls/pulls#update-a-pull-request
      await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner: ref.owner,
        repo: ref.repo,
        pull_number: ref.number,
        body,
      });
    },
    async addLabels(ref, labels) {
      // see: https://docs.github.com/rest/issues/labels#add-labels-to-an-issue
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.number,
        labels,
      });
    },
  });
