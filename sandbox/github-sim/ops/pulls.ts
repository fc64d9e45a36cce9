import { HttpError, validationFailed } from '../http/http-error.ts';
import type { SimContext } from '../sim-context.ts';
import { commitsBetween, createCommit, isAncestor } from '../state/git.ts';
import type { Issue, PullData, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';
import { emitIssueEvent } from './emit-issue-event.ts';
import { checkBody, newIssue } from './issues.ts';

export type Pull = Issue & { pull: PullData };

export const findPull = (repo: Repo, number: number): Pull => {
  const issue = repo.issues.get(number);
  if (!issue?.pull) throw new HttpError({ status: 404, message: 'Not Found' });
  return issue as Pull;
};

export const emitPush = (
  ctx: SimContext,
  options: { repo: Repo; ref: string; before: string; after: string; actor: Actor; forced?: boolean },
) => {
  const { repo } = options;
  const actor = ctx.store.accountById(options.actor.accountId);
  const commits = commitsBetween(repo, { base: options.before, head: options.after }).map((commit) => {
    const author = ctx.store.accountById(commit.authorId);
    const who = {
      name: author.name ?? author.login,
      email: author.email ?? `${author.login}@users.noreply`,
      username: author.login,
    };
    return {
      id: commit.sha,
      tree_id: commit.treeSha,
      distinct: true,
      message: commit.message,
      timestamp: commit.date,
      url: `${ctx.urls.web}/${ctx.store.ownerOf(repo).login}/${repo.name}/commit/${commit.sha}`,
      author: who,
      committer: who,
      added: commit.changed.filter((c) => c.status === 'added').map((c) => c.path),
      removed: commit.changed.filter((c) => c.status === 'removed').map((c) => c.path),
      modified: commit.changed.filter((c) => c.status === 'modified').map((c) => c.path),
    };
  });
  ctx.emit({
    event: 'push',
    repoId: repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: {
      ref: `refs/heads/${options.ref}`,
      before: options.before,
      after: options.after,
      created: false,
      deleted: false,
      forced: options.forced ?? false,
      base_ref: null,
      compare: `${ctx.urls.web}/${ctx.store.ownerOf(repo).login}/${repo.name}/compare/${options.before.slice(0, 12)}...${options.after.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
      pusher: { name: actor.login, email: actor.email },
    },
  });
};

/**
 * Pushes one commit with `files` to `branch` (created from the default branch when missing), emits
 * `push`, and `pull_request.synchronize` for every open PR whose head is that branch.
 */
export const pushCommit = (
  ctx: SimContext,
  options: {
    repo: Repo;
    branch: string;
    files: Record<string, string | null>;
    message: string;
    actor: Actor;
  },
): string => {
  const { repo, branch, actor } = options;
  const before = repo.branches.get(branch) ?? (repo.branches.get(repo.defaultBranch) as string);
  const commit = createCommit(ctx.store, {
    repo,
    parents: [before],
    changes: options.files,
    message: options.message,
    authorId: actor.accountId,
  });
  repo.branches.set(branch, commit.sha);
  repo.pushedAt = ctx.store.clock.iso();
  emitPush(ctx, { repo, ref: branch, before, after: commit.sha, actor });
  for (const issue of repo.issues.values()) {
    if (!issue.pull || issue.state !== 'open' || issue.pull.headRef !== branch) continue;
    const previous = issue.pull.headSha;
    issue.pull.headSha = commit.sha;
    issue.pull.commits.push(commit.sha);
    issue.updatedAt = ctx.store.clock.iso();
    emitIssueEvent(ctx, {
      repo,
      issue,
      action: 'synchronize',
      actor,
      extra: { before: previous, after: commit.sha },
    });
  }
  return commit.sha;
};

export const openPullRequest = (
  ctx: SimContext,
  options: {
    repo: Repo;
    title: string;
    body?: string | null;
    head: string;
    base?: string;
    draft?: boolean;
    actor: Actor;
  },
): Pull => {
  const { repo } = options;
  const base = options.base ?? repo.defaultBranch;
  const head = options.head.includes(':') ? (options.head.split(':')[1] as string) : options.head;
  const headSha = repo.branches.get(head);
  const baseSha = repo.branches.get(base);
  if (!headSha) throw validationFailed({ resource: 'PullRequest', field: 'head' });
  if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base' });
  const commits = commitsBetween(repo, { base: baseSha, head: headSha });
  if (commits.length === 0) {
    throw validationFailed({
      resource: 'PullRequest',
      field: 'head',
      code: 'custom',
      message: `No commits between ${base} and ${head}`,
    });
  }
  for (const other of repo.issues.values()) {
    if (other.pull && other.state === 'open' && other.pull.headRef === head && other.pull.baseRef === base) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'head',
        code: 'custom',
        message: `A pull request already exists for ${ctx.store.ownerOf(repo).login}:${head}.`,
      });
    }
  }
  const issue = newIssue(ctx, {
    repo,
    title: options.title,
    body: checkBody(options.body, 'PullRequest'),
    actor: options.actor,
  });
  const pullId = ctx.store.nextId();
  issue.pull = {
    id: pullId,
    nodeId: ctx.store.nodeId('PullRequest', pullId),
    headRef: head,
    baseRef: base,
    headSha,
    baseSha,
    commits: commits.map((c) => c.sha),
    draft: options.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedById: null,
    mergeCommitSha: null,
    forcePushes: [],
  };
  const pull = issue as Pull;
  emitIssueEvent(ctx, { repo, issue: pull, action: 'opened', actor: options.actor });
  return pull;
};

/** Draft ↔ ready for review, each with its own event. */
export const setDraft = (
  ctx: SimContext,
  options: { repo: Repo; pull: Pull; draft: boolean; actor: Actor },
) => {
  if (options.pull.pull.draft === options.draft) return;
  options.pull.pull.draft = options.draft;
  options.pull.updatedAt = ctx.store.clock.iso();
  emitIssueEvent(ctx, {
    repo: options.repo,
    issue: options.pull,
    action: options.draft ? 'converted_to_draft' : 'ready_for_review',
    actor: options.actor,
  });
};

/** Merge commit on the base branch (parents: base tip, PR head); `closed` with `merged: true`. */
export const mergePullRequest = (
  ctx: SimContext,
  options: { repo: Repo; pull: Pull; actor: Actor; sha?: string; commitTitle?: string },
): string => {
  const { repo, pull, actor } = options;
  if (pull.state !== 'open') throw new HttpError({ status: 405, message: 'Pull Request is not mergeable' });
  if (pull.pull.draft) throw new HttpError({ status: 405, message: 'Pull Request is still a draft' });
  if (options.sha && options.sha !== pull.pull.headSha) {
    throw new HttpError({
      status: 409,
      message: 'Head branch was modified. Review and try the merge again.',
    });
  }
  const baseTip = repo.branches.get(pull.pull.baseRef) as string;
  const head = repo.commits.get(pull.pull.headSha);
  const changes: Record<string, string | null> = {};
  if (head && !isAncestor(repo, { ancestor: pull.pull.headSha, of: baseTip })) {
    const baseFiles = repo.commits.get(pull.pull.baseSha)?.files ?? new Map<string, string>();
    for (const [path, content] of head.files) if (baseFiles.get(path) !== content) changes[path] = content;
    for (const path of baseFiles.keys()) if (!head.files.has(path)) changes[path] = null;
  }
  const merge = createCommit(ctx.store, {
    repo,
    parents: [baseTip, pull.pull.headSha],
    changes,
    message: options.commitTitle ?? `Merge pull request #${pull.number} from ${pull.pull.headRef}`,
    authorId: actor.accountId,
  });
  repo.branches.set(pull.pull.baseRef, merge.sha);
  const now = ctx.store.clock.iso();
  pull.pull.merged = true;
  pull.pull.mergedAt = now;
  pull.pull.mergedById = actor.accountId;
  pull.pull.mergeCommitSha = merge.sha;
  pull.state = 'closed';
  pull.closedAt = now;
  pull.closedById = actor.accountId;
  pull.updatedAt = now;
  emitPush(ctx, { repo, ref: pull.pull.baseRef, before: baseTip, after: merge.sha, actor });
  emitIssueEvent(ctx, { repo, issue: pull, action: 'closed', actor });
  return merge.sha;
};
