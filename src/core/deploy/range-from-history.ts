/** One commit of a `history` listing: its id and its parents (null: not all of them were given). */
export interface HistoryCommit {
  oid: string;
  parents: string[] | null;
}

/**
 * The commits of `base...head` (those reachable from `head` and not from `base`), oldest first, told from a
 * listing of `head`'s history, or null when the listing cannot tell them exactly (then the compare decides).
 * From `head`, every parent is followed until `base`. The answer is given only when every path so followed
 * ends at `base`: then each commit reached is a descendant of `base` (so not one of its ancestors), and every
 * commit of the range is reached (a path from `head` to one never passes `base`). A parent the listing
 * lacks, a commit with parents not all given, or a root commit (a path that never meets `base`: a branch
 * that left the default branch before `base`, a deploy of an older commit) gives null.
 */
export function rangeFromHistory(options: {
  base: string;
  head: string;
  history: readonly HistoryCommit[];
}): string[] | null {
  const base = options.base.toLowerCase();
  const head = options.head.toLowerCase();
  if (base === head) return [];
  const listed = new Map(options.history.map((commit) => [commit.oid.toLowerCase(), commit]));
  const reached = new Set<string>([head]);
  for (let i = 0, queue = [head]; i < queue.length; i++) {
    const commit = listed.get(queue[i] as string);
    if (!commit?.parents || commit.parents.length === 0) return null;
    for (const parent of commit.parents.map((oid) => oid.toLowerCase())) {
      if (parent === base || reached.has(parent)) continue;
      reached.add(parent);
      queue.push(parent);
    }
  }
  // Oldest first, as the compare lists them: the history's order (never a parent before a child) reversed.
  return options.history
    .map((commit) => commit.oid)
    .filter((oid) => reached.has(oid.toLowerCase()))
    .reverse();
}

/**
 * A listing of a commit's history (newest first, as `git log`) and, per commit (by its id in lower case),
 * its pull requests as read with it (undefined: not read whole).
 */
export interface HistorySlice<Pull> {
  history: HistoryCommit[];
  pullRequests: Map<string, Pull[] | undefined>;
}

/**
 * `base...head` told from a slice of `head`'s history (rangeFromHistory: exact, or null), each commit with
 * the pull requests the slice holds for it.
 */
export function rangeFromSlice<Pull>(options: {
  slice: HistorySlice<Pull>;
  base: string;
  head: string;
}): { commits: string[]; pullRequests: Map<string, Pull[] | undefined> } | null {
  const { slice } = options;
  const commits = rangeFromHistory({ base: options.base, head: options.head, history: slice.history });
  if (commits === null) return null;
  return {
    commits,
    pullRequests: new Map(commits.map((commit) => [commit, slice.pullRequests.get(commit.toLowerCase())])),
  };
}
