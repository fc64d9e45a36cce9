import type { AuditChange, AuditExport } from './audit-export.ts';

/** Why a change's recorded repository id is not what the signed entries allow; `index` into `changes`. */
export interface RepositoryIdFinding {
  index: number;
  why: string;
}

/** Entries whose signature verifies with a given key and whose author is the app: what they say was signed. */
const SIGNED = new Set(['verified', 'foreign', 'duplicate']);

const nameOf = (data: Record<string, unknown> | null): string | null =>
  typeof data?.repository === 'string' ? data.repository : null;

/**
 * The export's `repository_id`s checked against the signed entries (pure). The id is the export's word, not
 * signed: an edit could make another repository's entries count here (read by id, whatever their name). So it
 * is trusted only where an entry signed under the exported repository's name (verified, or foreign: its
 * signature holds) carries it. Findings:
 * an id other than the one those entries carry; ids that differ between changes; entries of another name that
 * count only by an id no such entry attests (a rename `audit verify` cannot confirm offline).
 */
export const repositoryIdFindings = (
  document: Pick<AuditExport, 'repository' | 'changes'>,
  recomputed: readonly AuditChange[],
): RepositoryIdFinding[] => {
  const name = document.repository.toLowerCase();
  const attested = new Set<unknown>();
  for (const change of recomputed)
    for (const entry of change.history.entries)
      if (SIGNED.has(entry.verdict) && nameOf(entry.data)?.toLowerCase() === name)
        if (entry.data?.repository_id !== undefined) attested.add(entry.data.repository_id);
  const findings: RepositoryIdFinding[] = [];
  const first = document.changes.findIndex((change) => typeof change.repository_id === 'number');
  document.changes.forEach((change, index) => {
    const id = change.repository_id;
    if (typeof id !== 'number') return;
    const others = [...attested].filter((other) => other !== id);
    if (others.length > 0) {
      findings.push({
        index,
        why: `the export records repository id ${id}, but entries signed under ${document.repository} carry ${others.map((other) => JSON.stringify(other)).join(', ')}: the id was edited (or the name was another repository's when they were signed)`,
      });
      return;
    }
    const firstId = document.changes[first]?.repository_id;
    if (firstId !== id) {
      findings.push({
        index,
        why: `the export records repository id ${id}, /changes/${first} records ${firstId}: one of them was edited`,
      });
      return;
    }
    if (attested.has(id)) return;
    const renamed = new Set(
      (recomputed[index]?.history.entries ?? [])
        .filter((entry) => entry.verdict === 'verified')
        .map((entry) => nameOf(entry.data))
        .filter((other): other is string => other !== null && other.toLowerCase() !== name),
    );
    if (renamed.size > 0)
      findings.push({
        index,
        why: `entries signed under ${[...renamed].join(', ')} count as ${document.repository}'s only by the recorded repository id ${id}, which no entry signed under ${document.repository} carries: an edited id would make another repository's entries count, so it cannot be confirmed offline; check the rename on GitHub (change-gate history)`,
      });
  });
  return findings;
};
