import { createHash } from 'node:crypto';
import type { Store } from './store.ts';
import type { Commit, Repo } from './types.ts';

export interface CommitOptions {
  repo: Repo;
  parents: string[];
  /** path → new content, or null to delete the file. */
  changes: Record<string, string | null>;
  message: string;
  authorId: number;
}

/** Creates a commit whose tree is the first parent's tree with `changes` applied. */
export const createCommit = (store: Store, options: CommitOptions): Commit => {
  const { repo, parents } = options;
  const base = parents[0] === undefined ? undefined : repo.commits.get(parents[0]);
  const files = new Map(base?.files ?? []);
  const changed: Commit['changed'] = [];
  for (const [path, content] of Object.entries(options.changes)) {
    const clean = path.replace(/^\/+/, '');
    if (content === null) {
      if (files.delete(clean)) changed.push({ path: clean, status: 'removed' });
    } else {
      changed.push({ path: clean, status: files.has(clean) ? 'modified' : 'added' });
      files.set(clean, content);
    }
  }
  const tree = createHash('sha1');
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b)))
    tree.update(`${path}\0${content}\0`);
  const commit: Commit = {
    sha: store.sha(`${repo.id}:${options.message}:${parents.join(',')}`),
    treeSha: tree.digest('hex'),
    parents: [...parents],
    message: options.message,
    authorId: options.authorId,
    date: store.clock.iso(),
    files,
    changed,
  };
  repo.commits.set(commit.sha, commit);
  return commit;
};

/** Resolves a branch name, `refs/heads/…`, `heads/…` or a (possibly abbreviated) SHA. */
export const resolveRef = (repo: Repo, ref: string): string | undefined => {
  const branch = ref.replace(/^refs\//, '').replace(/^heads\//, '');
  const fromBranch = repo.branches.get(branch);
  if (fromBranch) return fromBranch;
  if (/^[0-9a-f]{40}$/i.test(ref) && repo.commits.has(ref.toLowerCase())) return ref.toLowerCase();
  if (/^[0-9a-f]{7,39}$/i.test(ref)) {
    const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(ref.toLowerCase()));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
};

const ancestors = (repo: Repo, sha: string): Set<string> => {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return seen;
};

/** Commits reachable from `head` but not from `base`, oldest first (what compare and PR commits list). */
export const commitsBetween = (repo: Repo, options: { base: string; head: string }): Commit[] => {
  const excluded = ancestors(repo, options.base);
  const order: Commit[] = [];
  const visited = new Set<string>();
  const visit = (sha: string): void => {
    if (visited.has(sha) || excluded.has(sha)) return;
    visited.add(sha);
    const commit = repo.commits.get(sha);
    if (!commit) return;
    for (const parent of commit.parents) visit(parent);
    order.push(commit);
  };
  visit(options.head);
  return order;
};

export const isAncestor = (repo: Repo, options: { ancestor: string; of: string }): boolean =>
  ancestors(repo, options.of).has(options.ancestor);

export interface FileDiff {
  path: string;
  status: 'added' | 'modified' | 'removed';
  additions: number;
  deletions: number;
  patch: string;
}

const lines = (text: string | undefined): string[] =>
  text === undefined || text === '' ? [] : text.split('\n');

/** File-level diff of two trees; line counts are a plain removed/added count, enough for the API's numbers. */
export const diffTrees = (before: Map<string, string>, after: Map<string, string>): FileDiff[] => {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diffs: FileDiff[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const removed = lines(a);
    const added = lines(b);
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : 'modified';
    const patch = [
      `@@ -1,${removed.length} +1,${added.length} @@`,
      ...removed.map((l) => `-${l}`),
      ...added.map((l) => `+${l}`),
    ].join('\n');
    diffs.push({ path, status, additions: added.length, deletions: removed.length, patch });
  }
  return diffs;
};
