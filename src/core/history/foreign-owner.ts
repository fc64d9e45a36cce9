import type { HistoryEntry } from './history-entry.ts';

/** The change a history is read for: entries are bound to its repository, number and ID. */
export interface HistoryOwner {
  /** `owner/repo`; GitHub compares names case-insensitively. */
  repository: string;
  /**
   * The repository's numeric id (GitHub's `databaseId`), which stays the same across a rename or a transfer;
   * null or absent when GitHub did not say (then entries are compared by name only).
   */
  repositoryId?: number | null;
  number: number;
  changeId: string;
}

/** Both ids, when the entry carries one and the owner's is known: then the id alone decides. */
const idsOf = (entry: HistoryEntry, owner: HistoryOwner): { entry: unknown; owner: number } | null =>
  entry.data.repository_id !== undefined && typeof owner.repositoryId === 'number'
    ? { entry: entry.data.repository_id, owner: owner.repositoryId }
    : null;

/** Whether `entry` was written for `owner`'s repository: by id when the entry carries one, else by name. */
const sameRepository = (entry: HistoryEntry, owner: HistoryOwner): boolean => {
  const ids = idsOf(entry, owner);
  // An entry bound to an id belongs to that repository whatever it is called now (renamed, transferred);
  // another id is another repository, even one that took this name (renamed to it, or a deleted one's).
  if (ids !== null) return ids.entry === ids.owner;
  // Written before ids were recorded, or our id is unknown: the name decides (a renamed repository's entries
  // then fail closed).
  const { repository } = entry.data;
  return typeof repository === 'string' && repository.toLowerCase() === owner.repository.toLowerCase();
};

/**
 * Null when `entry` belongs to `owner`; else where the entry says it belongs (`acme/alpha#1 (CHG-2026-001)`).
 * An entry must be of this repository: by `data.repository_id` when it carries one and the owner's id is
 * known (the name may then differ: the repository was renamed or transferred), else by its name in
 * `data.repository` (every entry we write names it). When it names a number (`data.number`), it must be this
 * number, and it must carry this change ID. An entry naming no repository is bound to none, so it is foreign
 * too: fail closed.
 */
export const foreignOwner = (entry: HistoryEntry, owner: HistoryOwner): string | null => {
  const { repository, number } = entry.data;
  const sameNumber = number === undefined || number === owner.number;
  if (sameRepository(entry, owner) && sameNumber && entry.change_id === owner.changeId) return null;
  const where = typeof repository === 'string' ? repository : '(no repository)';
  const which = typeof number === 'number' ? `#${number}` : '';
  const ids = idsOf(entry, owner);
  const elsewhere =
    ids !== null && ids.entry !== ids.owner ? ` of repository id ${JSON.stringify(ids.entry)}` : '';
  return `${where}${which} (${entry.change_id})${elsewhere}`;
};
