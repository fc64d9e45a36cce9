import { sha256Hex } from '../text/sha256.ts';
import type { HistoryEvent } from './history-entry.ts';
import type { ChangeHistoryRead } from './read-history.ts';
import { type RecordedHead, type TamperFinding, tamperFindings } from './tamper-findings.ts';

/** Findings one `history_tampered` entry records; more wait for the next evaluation. */
export const MAX_RECORDED_FINDINGS = 20;

const APPROVALS: ReadonlySet<HistoryEvent> = new Set(['approved', 'retroactively_approved']);

/** Whether, and since when, a change's history was found tampered with. */
export interface HistoryTamper {
  /** Every sign of tampering visible now, recorded or not. */
  findings: TamperFinding[];
  /** Findings no `history_tampered` entry records yet: the evaluation records them now. */
  unrecorded: TamperFinding[];
  /** Approvals given before this ISO time do not count: the latest detection (now, for unrecorded findings). Null: never tampered. */
  countFrom: string | null;
  /** The required roles approved again after the latest detection (an approval entry follows it). */
  reapproved: boolean;
  /** What the latest `history_tampered` entry says, for the check once nothing is found anymore. */
  recordedReason: string | null;
}

const recordedIds = (data: Record<string, unknown>): string[] =>
  Array.isArray(data.findings) ? data.findings.filter((id): id is string => typeof id === 'string') : [];

/**
 * Reads a change's history for tampering (DESIGN: a deleted, edited or missing entry fails the check until
 * re-approved). A finding is recorded once, by a signed `history_tampered` entry listing its id: that entry's
 * time is the cutoff before which approvals stop counting, and it survives every later evaluation, even once
 * the hole is no longer visible (the head record moved on). New findings move the cutoff again.
 */
export const historyTamper = (options: {
  read: ChangeHistoryRead;
  head: RecordedHead;
  /** ISO time of this evaluation. */
  now: string;
}): HistoryTamper => {
  const { entries } = options.read;
  const findings = tamperFindings({ read: options.read, head: options.head });
  const detections = entries.filter(({ entry }) => entry.event === 'history_tampered');
  const recorded = new Set(detections.flatMap(({ entry }) => recordedIds(entry.data)));
  const unrecorded = findings.filter((finding) => !recorded.has(finding.id));
  const latest = detections.at(-1);
  const after = latest === undefined ? [] : entries.slice(entries.indexOf(latest) + 1);
  const reason = latest?.entry.data.reason;
  return {
    findings,
    unrecorded,
    countFrom: unrecorded.length > 0 ? options.now : (latest?.entry.at ?? null),
    reapproved: unrecorded.length === 0 && after.some(({ entry }) => APPROVALS.has(entry.event)),
    recordedReason: typeof reason === 'string' ? reason : null,
  };
};

/** The `data` of the entry that records `findings` (the first MAX_RECORDED_FINDINGS), caused by `triggeredBy`. */
export const tamperEntryData = (findings: readonly TamperFinding[], triggeredBy: string) => {
  const recorded = findings.slice(0, MAX_RECORDED_FINDINGS);
  const ids = recorded.map((finding) => finding.id);
  return {
    findings: ids,
    reason: recorded.map((finding) => finding.message).join('; '),
    triggered_by: triggeredBy,
    // Two replicas detecting the same findings on the same entry write the same idempotency key.
    fingerprint: sha256Hex(ids.join('\n')).slice(0, 16),
  };
};
