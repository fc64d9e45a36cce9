import type { SimContext } from '../sim-context.ts';
import { diffTrees, type FileDiff } from '../state/git.ts';
import type { Commit, Repo } from '../state/types.ts';
import { repoPath } from './issue.ts';
import { serializeUser } from './user.ts';

/** REST `diff-entry`. */
export const serializeDiffEntry = (ctx: SimContext, options: { repo: Repo; sha: string; diff: FileDiff }) => {
  const { repo, sha, diff } = options;
  const path = repoPath(ctx, repo);
  const encoded = diff.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: diff.status === 'removed' ? null : sha,
    filename: diff.path,
    status: diff.status,
    additions: diff.additions,
    deletions: diff.deletions,
    changes: diff.additions + diff.deletions,
    blob_url: `${ctx.urls.web}/${path}/blob/${sha}/${encoded}`,
    raw_url: `${ctx.urls.web}/${path}/raw/${sha}/${encoded}`,
    contents_url: `${ctx.urls.api}/repos/${path}/contents/${encoded}?ref=${sha}`,
    patch: diff.patch,
  };
};

/** REST `commit`; `withFiles` adds stats and files as GET /commits/{ref} does. */
export const serializeCommit = (
  ctx: SimContext,
  options: { repo: Repo; commit: Commit; withFiles?: boolean },
) => {
  const { repo, commit } = options;
  const path = repoPath(ctx, repo);
  const api = `${ctx.urls.api}/repos/${path}`;
  const author = ctx.store.accountById(commit.authorId);
  const gitUser = {
    name: author.name ?? author.login,
    email: author.email ?? `${author.id}+${author.login}@users.noreply.${new URL(ctx.urls.web).hostname}`,
    date: commit.date,
  };
  const base = {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: ctx.store.nodeId('Commit', Number.parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${ctx.urls.web}/${path}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: gitUser,
      committer: gitUser,
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: serializeUser(ctx, author),
    committer: serializeUser(ctx, author),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${ctx.urls.web}/${path}/commit/${sha}`,
    })),
  };
  if (!options.withFiles) return base;
  const parent = commit.parents[0] === undefined ? undefined : repo.commits.get(commit.parents[0]);
  const diffs = diffTrees(parent?.files ?? new Map(), commit.files);
  const additions = diffs.reduce((sum, d) => sum + d.additions, 0);
  const deletions = diffs.reduce((sum, d) => sum + d.deletions, 0);
  return {
    ...base,
    stats: { additions, deletions, total: additions + deletions },
    files: diffs.map((diff) => serializeDiffEntry(ctx, { repo, sha: commit.sha, diff })),
  };
};
