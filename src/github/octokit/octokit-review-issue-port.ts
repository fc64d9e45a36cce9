import type { ProbotOctokit } from 'probot';
import type { IssueFact } from '../../core/emergency/review-issue.ts';
import type { ReviewIssuePort } from '../ports/review-issue-port.ts';
import { isChangeGone } from './github-gone.ts';
import { withGitHubErrors } from './to-github-error.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** Enough to find our review issue again after a lost write: the app opens few issues. */
const MAX_PAGES = 3;

interface RestIssue {
  number: number;
  user: { login: string } | null;
  state: string;
  closed_by?: { login: string } | null;
  body?: string | null;
  html_url: string;
  pull_request?: unknown;
  /** `…/repos/{owner}/{repo}`: where the issue is now (GitHub redirects a transferred one's old address). */
  repository_url?: string;
}

const toIssueFact = (issue: RestIssue): IssueFact => ({
  number: issue.number,
  author: issue.user?.login ?? '',
  state: issue.state === 'closed' ? 'closed' : 'open',
  closedBy: issue.closed_by?.login ?? null,
  body: issue.body ?? '',
  htmlUrl: issue.html_url,
});

export const octokitReviewIssuePort = (octokit: Octokit): ReviewIssuePort =>
  withGitHubErrors<ReviewIssuePort>({
    async readIssue(ref) {
      try {
        // see: https://docs.github.com/rest/issues/issues#get-an-issue
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
          owner: ref.owner,
          repo: ref.repo,
          issue_number: ref.number,
        });
        const issue = data as RestIssue;
        // A transferred issue answers from its new repository (GitHub follows the move): not this one's.
        const here = `/repos/${ref.owner}/${ref.repo}`.toLowerCase();
        if (issue.repository_url !== undefined && !issue.repository_url.toLowerCase().endsWith(here))
          return null;
        return issue.pull_request ? null : toIssueFact(issue);
      } catch (error) {
        // Not there (404), or deleted by an admin (410 Gone): no issue, as GitHub says definitely.
        if (isChangeGone(error)) return null;
        throw error;
      }
    },

    async issuesOpenedBy(repo, login) {
      const found: IssueFact[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        // see: https://docs.github.com/rest/issues/issues#list-repository-issues
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', {
          ...repo,
          creator: login,
          state: 'all',
          per_page: 100,
          page,
        });
        const issues = data as RestIssue[];
        found.push(...issues.filter((issue) => !issue.pull_request).map(toIssueFact));
        if (issues.length < 100) break;
      }
      return found;
    },

    async createIssue(repo, issue) {
      // see: https://docs.github.com/rest/issues/issues#create-an-issue
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        title: issue.title,
        body: issue.body,
      });
      return toIssueFact(data as RestIssue);
    },

    async reopenIssue(ref, comment) {
      const issue = { owner: ref.owner, repo: ref.repo, issue_number: ref.number };
      // see: https://docs.github.com/rest/issues/comments#create-an-issue-comment
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...issue,
        body: comment,
      });
      // see: https://docs.github.com/rest/issues/issues#update-an-issue
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...issue, state: 'open' });
    },
  });
