import type { DraftEntry } from './draft-entry.ts';
import type { HistoryEvent } from './history-entry.ts';
import type { OccurrenceFact } from './history-key.ts';

/** Events one person performs: two people doing it on top of the same entry are two occurrences. */
const BY_PERSON: ReadonlySet<HistoryEvent> = new Set([
  'approved',
  'rejected',
  'approval_voided',
  'retroactively_approved',
  'reviewed',
  'emergency_confirmed',
  'requested',
  'voted',
]);
/** Events a deployment reports: each deployment (and environment) is its own occurrence. */
const BY_DEPLOYMENT: ReadonlySet<HistoryEvent> = new Set([
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'emergency_implemented',
  'ungated_deployment',
]);

const scalar = (value: unknown): value is OccurrenceFact =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

const pick = (data: Record<string, unknown>, names: string[]): Record<string, OccurrenceFact> => {
  const picked: Record<string, OccurrenceFact> = {};
  for (const name of names) {
    const value = data[name];
    if (scalar(value)) picked[name] = value;
  }
  return picked;
};

/**
 * The occurrence facts used for an idempotency key when the draft names none:
 * approved, rejected, approval_voided, retroactively_approved, reviewed, emergency_confirmed → the actor and `data.role`;
 * implementing, completed, failed, rolled_back, emergency_implemented, ungated_deployment → `data.deployment_id`,
 *   `data.environment`;
 * escalated → `data.overdue` (what is overdue), `data.level`, `data.period`, `data.deadline` (period k of one
 *   deadline is one occurrence, however many writers race on it); step_completed → `data.step`; history_tampered → `data.fingerprint` (what was found);
 * submitted, invalidated, cancelled → nothing beyond prev, head SHA and block hash.
 */
export const defaultOccurrence = (draft: DraftEntry): Record<string, OccurrenceFact> => {
  const data = draft.data ?? {};
  if (BY_PERSON.has(draft.event)) return { actor: draft.actor, ...pick(data, ['role']) };
  if (BY_DEPLOYMENT.has(draft.event)) return pick(data, ['deployment_id', 'environment']);
  if (draft.event === 'escalated') return pick(data, ['overdue', 'level', 'period', 'deadline']);
  if (draft.event === 'history_tampered') return pick(data, ['fingerprint']);
  if (draft.event === 'step_completed') return pick(data, ['step']);
  return {};
};
