import type { ProbotOctokit } from 'probot';
import type { ChangeRef, CheckRunWrite, LabelInfo, RepoRef } from '../ports/github-port.ts';
import { checkRunBody } from './check-run-body.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** The port's REST writes on a change: its check run, labels and comments, one request each. */
export const octokitRestWrites = (octokit: Octokit) => {
  const updateCheckRun = async (repo: RepoRef, id: number, run: CheckRunWrite): Promise<void> => {
    // see: https://docs.github.com/rest/checks/runs#update-a-check-run
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: id,
      ...checkRunBody(run),
    });
  };

  const setLabels = async (ref: ChangeRef, labels: string[]): Promise<LabelInfo[]> => {
    if (labels.length === 0) {
      // Setting an empty list is not a valid request body; GitHub removes them all with DELETE.
      // see: https://docs.github.com/rest/issues/labels#remove-all-labels-from-an-issue
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels', issueOf(ref));
      return [];
    }
    // see: https://docs.github.com/rest/issues/labels#set-labels-for-an-issue
    const { data } = await octokit.request('PUT /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      ...issueOf(ref),
      labels,
    });
    return data.map((label) => ({ name: label.name, color: label.color }));
  };

  const createComment = async (ref: ChangeRef, body: string): Promise<{ id: number }> => {
    // see: https://docs.github.com/rest/issues/comments#create-an-issue-comment
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...issueOf(ref),
      body,
    });
    return { id: Number(data.id) };
  };

  const updateComment = async (repo: RepoRef, commentId: number, body: string): Promise<void> => {
    // see: https://docs.github.com/rest/issues/comments#update-an-issue-comment
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: commentId,
      body,
    });
  };

  const deleteComment = async (repo: RepoRef, commentId: number): Promise<void> => {
    try {
      // see: https://docs.github.com/rest/issues/comments#delete-an-issue-comment
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repo,
        comment_id: commentId,
      });
    } catch (error) {
      // Already gone (another replica deleted the same duplicate, or a retry after a 502 that deleted it):
      // what was asked is done.
      if ((error as { status?: unknown }).status !== 404) throw error;
    }
  };

  return { updateCheckRun, setLabels, createComment, updateComment, deleteComment };
};

const issueOf = (ref: ChangeRef) => ({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });
