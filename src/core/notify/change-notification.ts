/** History events people are told about. */
export const NOTIFIED_EVENTS = [
  'submitted',
  'approved',
  'rejected',
  'escalated',
  'emergency_confirmed',
  'emergency_implemented',
  'retroactively_approved',
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'ungated_deployment',
] as const;

export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];

/** One lifecycle event of a change, as every channel tells it. */
export interface ChangeNotification {
  /** The history entry's idempotency key: one event, one id, whichever process or redelivery wrote it. */
  id: string;
  event: NotifiedEvent;
  changeId: string;
  /** `owner/name`. */
  repository: string;
  number: number;
  /** Link to the pull request or issue; null when unknown. */
  url: string | null;
  title: string;
  priority: string | null;
  /** Where the change stands after the event, as people read it (e.g. `Pending approval`). */
  status: string | null;
  /** Who caused the event. */
  actor: string;
  /** ISO time of the event. */
  at: string;
  /** Roles whose members must act now (approve, approve retroactively…); empty when nobody must. */
  mustAct: string[];
  /** ISO time by which they must; null when there is none. */
  deadline: string | null;
  /** One line: what happened, as the history comment says it (plain text). */
  summary: string;
}
