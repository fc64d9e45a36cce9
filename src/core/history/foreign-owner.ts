import type { HistoryEntry } from './history-entry.ts';

/** The change a history is read for: entries are bound to its repository, number and ID. */
export interface HistoryOwner {
  /** `owner/repo`; GitHub compares names case-insensitively. */
  repository: string;
  number: number;
  changeId: string;
}

/**
 * Null when `entry` belongs to `owner`; else where the entry says it belongs (`acme/alpha#1 (CHG-2026-001)`).
 * An entry must name this repository in `data.repository` (every entry we write does) and, when it names a
 * number (`data.number`), this number, and carry this change ID. An entry naming no repository is bound to
 * none, so it is foreign too: fail closed.
 */
export const foreignOwner = (entry: HistoryEntry, owner: HistoryOwner): string | null => {
  const { repository, number } = entry.data;
  const sameRepository =
    typeof repository === 'string' && repository.toLowerCase() === owner.repository.toLowerCase();
  const sameNumber = number === undefined || number === owner.number;
  if (sameRepository && sameNumber && entry.change_id === owner.changeId) return null;
  const where = typeof repository === 'string' ? repository : '(no repository)';
  const which = typeof number === 'number' ? `#${number}` : '';
  return `${where}${which} (${entry.change_id})`;
};
