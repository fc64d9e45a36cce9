import type { RecordedRejection } from '../approval/approval-input.ts';
import type { HistoryEvent } from '../history/history-entry.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { ChangeStatus } from './change-status.ts';
import { recordedRejections } from './recorded-rejections.ts';

/** What the signed history says about a change so far: the evaluation compares it with the facts. */
export interface RecordedState {
  /** Status after the latest lifecycle entry; null when the change was never submitted. */
  status: ChangeStatus | null;
  /** Block hash last recorded (submitted / invalidated); undefined when none was. */
  blockHash: string | null | undefined;
  /** The latest `submitted` entry (a cancelled change submitted again starts over). */
  submitted: VerifiedEntry | null;
  /** Time the block last changed according to history: the start of the approval deadline. */
  blockSince: string | null;
  /** The latest entry that changed the status. */
  last: VerifiedEntry | null;
  /** Whether the history says it is an emergency change (its recorded level, or an emergency deploy). */
  emergency: boolean;
  /** Rejections recorded since the change was last approved: they stand until lifted. */
  rejections: RecordedRejection[];
  /** Roles the last recorded valid block needed (submitted / invalidated): what a merged change still needs. */
  requiredRoles: string[];
  /** Normalised change type when submitted; null when unknown. */
  changeType: string | null;
}

const STATUS_AFTER: Partial<Record<HistoryEvent, (entry: VerifiedEntry) => ChangeStatus>> = {
  submitted: () => 'pending_approval',
  invalidated: ({ entry }) => (entry.data.valid === true ? 'pending_approval' : 'invalid'),
  approved: () => 'approved',
  rejected: () => 'rejected',
  approval_voided: () => 'pending_approval',
  cancelled: () => 'cancelled',
  implementing: () => 'implementing',
  // Deployed before approval: implementing until the retroactive approval and the review close the loop
  // (retroactively_approved and reviewed move no status; the final `completed` does, see emergencyLoop).
  emergency_implemented: () => 'implementing',
  completed: () => 'completed',
  failed: () => 'failed',
  rolled_back: () => 'rolled_back',
};

export const recordedState = (entries: readonly VerifiedEntry[]): RecordedState => {
  const state: RecordedState = {
    status: null,
    blockHash: undefined,
    submitted: null,
    blockSince: null,
    last: null,
    emergency: false,
    rejections: [],
    requiredRoles: [],
    changeType: null,
  };
  for (const verified of entries) {
    const { entry } = verified;
    const next = STATUS_AFTER[entry.event]?.(verified);
    // A deployment to a non-production environment (staging) is recorded but does not implement the change.
    if (next && entry.data.production !== false) {
      state.status = next;
      state.last = verified;
    }
    if (entry.event === 'submitted') state.submitted = verified;
    if (entry.event === 'submitted' || entry.event === 'invalidated') {
      state.blockHash = entry.block_hash;
      state.blockSince = entry.at;
      if (entry.data.valid !== false) {
        state.emergency = entry.data.level === 'emergency';
        state.requiredRoles = strings(entry.data.required_roles);
      }
      if (typeof entry.data.change_type === 'string') state.changeType = entry.data.change_type;
    }
    if (entry.event === 'emergency_implemented') state.emergency = true;
    // An approval had every rejection before it lifted; cancelling and submitting again lifts none.
    if (entry.event === 'approved' || entry.event === 'retroactively_approved') state.rejections = [];
    if (entry.event === 'rejected') state.rejections.push(...recordedRejections(entry));
  }
  return state;
};

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Statuses after which nothing but a new submission changes the change. */
export const isClosedStatus = (status: ChangeStatus | null): boolean =>
  status === 'cancelled' || status === 'completed' || status === 'failed' || status === 'rolled_back';

/** Statuses reached through deployment: the approval no longer moves them. */
export const isImplementationStatus = (status: ChangeStatus | null): boolean =>
  status === 'implementing' || status === 'completed' || status === 'failed' || status === 'rolled_back';
