import type { ChangeStatus } from '../decision/change-status.ts';
import { recordedState } from '../decision/recorded-state.ts';
import type { HistoryEntry } from '../history/history-entry.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';

/** One production deployment event of a change, as its history records it. */
export interface ProductionEvent {
  kind: 'started' | 'succeeded' | 'failed' | 'rolled_back';
  /** ISO time the app recorded it. */
  at: string;
  /** `deployment:<id>` (one deployment may ship several changes of a repository), else `entry:<key>`. */
  deployment: string;
}

/** What the reports measure of one change, from its verified entries alone. */
export interface ChangeLifecycle {
  /** Time of the latest `submitted` entry (a cancelled change submitted again starts over); null: never submitted. */
  submittedAt: string | null;
  status: ChangeStatus | null;
  /** `priority` of the submission, lower-cased; `unknown` when it records none. */
  priority: string;
  /** Normalised change type last recorded; `unknown` when none. */
  type: string;
  emergency: boolean;
  /** Title of the submission, as the requester wrote it (user text: escape it). */
  title: string | null;
  /** Start of the approved block (latest `submitted` or valid `invalidated` before it) → the last `approved`. */
  approvalMs: number | null;
  /** First production `implementing`/`emergency_implemented` → the first production finish after it. */
  implementationMs: number | null;
  /** Production deployment events since the latest submission, in history order. */
  production: ProductionEvent[];
}

const isProduction = (entry: HistoryEntry): boolean => entry.data.production !== false;

const deploymentOf = (entry: HistoryEntry): string =>
  typeof entry.data.deployment_id === 'number'
    ? `deployment:${entry.data.deployment_id}`
    : `entry:${entry.key}`;

const productionEvent = (entry: HistoryEntry): ProductionEvent | null => {
  if (!isProduction(entry)) return null;
  const at = entry.at;
  const deployment = deploymentOf(entry);
  switch (entry.event) {
    case 'implementing':
      return { kind: 'started', at, deployment };
    case 'emergency_implemented':
      return { kind: entry.data.finished === true ? 'succeeded' : 'started', at, deployment };
    case 'completed':
      return { kind: 'succeeded', at, deployment };
    case 'failed':
      return { kind: 'failed', at, deployment };
    case 'rolled_back':
      return { kind: 'rolled_back', at, deployment };
    default:
      return null;
  }
};

/** Production events, without the second record of one success (an emergency change's final `completed`). */
const productionEvents = (entries: readonly HistoryEntry[]): ProductionEvent[] => {
  const events: ProductionEvent[] = [];
  for (const entry of entries) {
    const event = productionEvent(entry);
    if (event === null) continue;
    const repeated = events.some(
      (earlier) =>
        earlier.kind === event.kind &&
        (earlier.deployment === event.deployment ||
          (entry.data.emergency === true && event.kind === 'succeeded')),
    );
    if (!repeated) events.push(event);
  }
  return events;
};

const between = (from: string, to: string): number => Date.parse(to) - Date.parse(from);

const approvalMsOf = (entries: readonly HistoryEntry[]): number | null => {
  const approvedAt = entries.findLastIndex((entry) => entry.event === 'approved');
  if (approvedAt < 0) return null;
  const start = entries
    .slice(0, approvedAt)
    .findLast(
      (entry) => entry.event === 'submitted' || (entry.event === 'invalidated' && entry.data.valid !== false),
    );
  return start === undefined ? null : between(start.at, (entries[approvedAt] as HistoryEntry).at);
};

const implementationMsOf = (events: readonly ProductionEvent[]): number | null => {
  const start = events.findIndex((event) => event.kind === 'started');
  if (start < 0) return null;
  const end = events.slice(start + 1).find((event) => event.kind !== 'started');
  return end === undefined ? null : between((events[start] as ProductionEvent).at, end.at);
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/**
 * The measures of one change. Everything is read from the latest submission on, as its status is: a change
 * cancelled and submitted again is measured from the new submission.
 */
export const changeLifecycle = (entries: readonly VerifiedEntry[]): ChangeLifecycle => {
  const state = recordedState(entries);
  const submitted = state.submitted?.entry ?? null;
  const all = entries.map(({ entry }) => entry);
  const since = submitted === null ? [] : all.slice(all.indexOf(submitted));
  const production = productionEvents(since);
  return {
    submittedAt: submitted?.at ?? null,
    status: state.status,
    priority: text(submitted?.data.priority)?.toLowerCase() ?? 'unknown',
    type: state.changeType ?? 'unknown',
    emergency: state.emergency,
    title: text(submitted?.data.title),
    approvalMs: approvalMsOf(since),
    implementationMs: implementationMsOf(production),
    production,
  };
};
