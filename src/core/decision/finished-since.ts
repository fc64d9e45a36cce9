import type { HistoryEvent } from '../history/history-entry.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';

/** The entries that end a deployment. */
const FINISHED: ReadonlySet<HistoryEvent> = new Set(['completed', 'failed', 'rolled_back']);

/**
 * The deployment whose recorded end (`completed`, `failed`, `rolled_back`, or an emergency deploy's finished
 * `emergency_implemented`) in this environment makes a start of `deployment` late: its own, or that of a
 * deployment created after it (by creation time, then id: GitHub's ids only grow). Null when there is none.
 * A change never moves back to implementing: a start that arrives late (webhooks come out of order), or
 * that of a deployment which never ran (the gate created it, lost GitHub's answer, refused the deploy and a
 * rerun shipped another), is not recorded once a deployment at least as recent has ended.
 */
export const finishedSince = (
  entries: readonly VerifiedEntry[],
  deployment: { id: number; environment: string; createdAt: string },
): number | null => {
  const environment = deployment.environment.toLowerCase();
  const created = Date.parse(deployment.createdAt);
  const notBefore = (data: Record<string, unknown>): boolean => {
    const id = data.deployment_id;
    if (typeof id !== 'number') return false;
    if (id === deployment.id) return true;
    const at =
      typeof data.deployment_created_at === 'string' ? Date.parse(data.deployment_created_at) : Number.NaN;
    if (Number.isFinite(at) && Number.isFinite(created) && at !== created) return at > created;
    return id > deployment.id;
  };
  const ended = entries.findLast(
    ({ entry }) =>
      (FINISHED.has(entry.event) ||
        (entry.event === 'emergency_implemented' && entry.data.finished === true)) &&
      String(entry.data.environment).toLowerCase() === environment &&
      notBefore(entry.data),
  );
  return ended ? (ended.entry.data.deployment_id as number) : null;
};
