import type { Actor } from './ops/actor.ts';
import { addReaction, createComment, deleteComment, editComment, findComment } from './ops/comments.ts';
import { createIssue, findIssue, updateIssue } from './ops/issues.ts';
import { addLabels, removeLabel, setLabels } from './ops/labels.ts';
import { findPull, mergePullRequest, openPullRequest, pushCommit, setDraft } from './ops/pulls.ts';
import { dismissReview, findReview, submitReview } from './ops/reviews.ts';
import { findAccount, findRepo } from './seed-helpers.ts';
import type { SimContext } from './sim-context.ts';
import { createCiActions } from './user-ci-actions.ts';
import { createGitActions } from './user-git-actions.ts';

type Files = Record<string, string | null>;

/**
 * What a person does in GitHub's UI. Each method changes state, delivers the resulting webhooks to
 * installed apps and resolves once every delivery (and whatever the apps did in response) is done.
 */
export const createUserActions = (options: {
  ctx: () => SimContext;
  login: string;
  settle: () => Promise<void>;
}) => {
  const { ctx, settle } = options;
  const actor = (): Actor => ({ accountId: findAccount(ctx(), options.login).id, viaAppId: null });
  const act = async <T>(work: (c: SimContext) => T): Promise<T> => {
    const result = work(ctx());
    await settle();
    return result;
  };
  const repoOf = (c: SimContext, repo: string) => findRepo(c, repo);

  return {
    login: options.login,
    ...createCiActions({ act, actor, repoOf }),
    ...createGitActions({ act, actor, repoOf }),

    /** One commit on `branch` (created from the default branch when missing); PRs on it get `synchronize`. */
    pushCommit: (o: { repo: string; branch: string; files: Files; message?: string }) =>
      act((c) => ({
        sha: pushCommit(c, {
          repo: repoOf(c, o.repo),
          branch: o.branch,
          files: o.files,
          message: o.message ?? `Update ${o.branch}`,
          actor: actor(),
        }),
      })),

    /** Opens a PR; with `files`, first pushes them as one commit to `head`. */
    openPullRequest: (o: {
      repo: string;
      title: string;
      body?: string | null;
      head: string;
      base?: string;
      draft?: boolean;
      files?: Files;
    }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        if (o.files)
          pushCommit(c, { repo, branch: o.head, files: o.files, message: o.title, actor: actor() });
        const pull = openPullRequest(c, {
          repo,
          title: o.title,
          body: o.body ?? null,
          head: o.head,
          ...(o.base ? { base: o.base } : {}),
          ...(o.draft !== undefined ? { draft: o.draft } : {}),
          actor: actor(),
        });
        return { number: pull.number, headSha: pull.pull.headSha, id: pull.pull.id };
      }),

    editPullRequest: (o: { repo: string; number: number; title?: string; body?: string | null }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        updateIssue(c, {
          repo,
          issue: findPull(repo, o.number),
          changes: {
            ...(o.title !== undefined ? { title: o.title } : {}),
            ...(o.body !== undefined ? { body: o.body } : {}),
          },
          actor: actor(),
        });
      }),

    setDraft: (o: { repo: string; number: number; draft: boolean }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        setDraft(c, { repo, pull: findPull(repo, o.number), draft: o.draft, actor: actor() });
      }),

    closePullRequest: (o: { repo: string; number: number }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        updateIssue(c, {
          repo,
          issue: findPull(repo, o.number),
          changes: { state: 'closed' },
          actor: actor(),
        });
      }),

    reopenPullRequest: (o: { repo: string; number: number }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        updateIssue(c, { repo, issue: findPull(repo, o.number), changes: { state: 'open' }, actor: actor() });
      }),

    /** Merge commit on the base branch; `closed` with `merged: true`. `sha` must match the head if given. */
    mergePullRequest: (o: { repo: string; number: number; sha?: string }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        return {
          sha: mergePullRequest(c, {
            repo,
            pull: findPull(repo, o.number),
            actor: actor(),
            ...(o.sha ? { sha: o.sha } : {}),
          }),
        };
      }),

    addLabels: (o: { repo: string; number: number; labels: string[] }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        addLabels(c, { repo, issue: findIssue(repo, o.number), names: o.labels, actor: actor() });
      }),

    removeLabel: (o: { repo: string; number: number; label: string }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        removeLabel(c, { repo, issue: findIssue(repo, o.number), name: o.label, actor: actor() });
      }),

    setLabels: (o: { repo: string; number: number; labels: string[] }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        setLabels(c, { repo, issue: findIssue(repo, o.number), names: o.labels, actor: actor() });
      }),

    /** A review on the current head (or `commitId`): `APPROVE`, `REQUEST_CHANGES` or `COMMENT`. */
    review: (o: {
      repo: string;
      number: number;
      event: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';
      body?: string;
      commitId?: string;
    }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        const review = submitReview(c, {
          repo,
          pull: findPull(repo, o.number),
          event: o.event,
          ...(o.body !== undefined ? { body: o.body } : {}),
          ...(o.commitId ? { commitId: o.commitId } : {}),
          actor: actor(),
        });
        return { id: review.id, commitId: review.commitSha };
      }),

    dismissReview: (o: { repo: string; number: number; reviewId: number; message: string }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        const pull = findPull(repo, o.number);
        dismissReview(c, {
          repo,
          pull,
          review: findReview(c, { repo, pull, id: o.reviewId }),
          message: o.message,
          actor: actor(),
        });
      }),

    comment: (o: { repo: string; number: number; body: string }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        return {
          id: createComment(c, { repo, issue: findIssue(repo, o.number), body: o.body, actor: actor() }).id,
        };
      }),

    /** Edits any comment, including an app's (GitHub lets repository admins do that). */
    editComment: (o: { repo: string; commentId: number; body: string }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        editComment(c, { repo, comment: findComment(c, repo, o.commentId), body: o.body, actor: actor() });
      }),

    deleteComment: (o: { repo: string; commentId: number }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        deleteComment(c, { repo, comment: findComment(c, repo, o.commentId), actor: actor() });
      }),

    react: (o: { repo: string; commentId: number; content: string }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        addReaction(c, { comment: findComment(c, repo, o.commentId), content: o.content, actor: actor() });
      }),

    createIssue: (o: { repo: string; title: string; body?: string | null; labels?: string[] }) =>
      act((c) => ({
        number: createIssue(c, {
          repo: repoOf(c, o.repo),
          title: o.title,
          body: o.body ?? null,
          labels: o.labels ?? [],
          actor: actor(),
        }).number,
      })),

    editIssue: (o: { repo: string; number: number; title?: string; body?: string | null }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        updateIssue(c, {
          repo,
          issue: findIssue(repo, o.number),
          changes: {
            ...(o.title !== undefined ? { title: o.title } : {}),
            ...(o.body !== undefined ? { body: o.body } : {}),
          },
          actor: actor(),
        });
      }),

    closeIssue: (o: { repo: string; number: number; reason?: 'completed' | 'not_planned' }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        updateIssue(c, {
          repo,
          issue: findIssue(repo, o.number),
          changes: { state: 'closed', stateReason: o.reason ?? 'completed' },
          actor: actor(),
        });
      }),

    reopenIssue: (o: { repo: string; number: number }) =>
      act((c) => {
        const repo = repoOf(c, o.repo);
        updateIssue(c, {
          repo,
          issue: findIssue(repo, o.number),
          changes: { state: 'open' },
          actor: actor(),
        });
      }),
  };
};

export type UserActions = ReturnType<typeof createUserActions>;
