import { contactMentions, escalationContacts } from '../escalation/escalation-contacts.ts';
import { nextEscalationAt, periodsToEscalate } from '../escalation/escalation-periods.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import { codeSpan } from '../text/escape-markdown.ts';
import { formatDuration } from '../text/format-duration.ts';
import { earliestDue } from './due-marker.ts';
import { draft, type EvaluationContext } from './evaluation-context.ts';

/** What is overdue: the approval, or what an emergency change deployed before approval still owes. */
export type OverdueKind = 'approval' | 'retroactive_approval' | 'post_implementation_review';

const OWED: Record<OverdueKind, string> = {
  approval: 'approval',
  retroactive_approval: 'retroactive approval',
  post_implementation_review: 'post-implementation review',
};

/** What something overdue adds to a decision. */
export interface Escalation {
  /** `escalated` entries for the periods that fell due and are not recorded yet. */
  entries: DraftEntry[];
  /** Past the deadline: the change carries `change:overdue`. */
  overdue: boolean;
  /** When this change next needs an evaluation even if nothing happens (the next period); null = never. */
  nextDueAt: string | null;
  /** For the check output: how late it is and who was told; empty when not overdue. */
  note: string;
}

export const NO_ESCALATION: Escalation = { entries: [], overdue: false, nextDueAt: null, note: '' };

/** The highest period already escalated for this deadline (0 = none): a new deadline starts again at 1. */
const recordedPeriod = (
  context: EvaluationContext,
  options: { deadline: string; kind: OverdueKind },
): number =>
  context.input.history.entries.reduce((highest, { entry }) => {
    const { period } = entry.data;
    const same =
      entry.event === 'escalated' &&
      entry.data.deadline === options.deadline &&
      (entry.data.overdue ?? 'approval') === options.kind;
    return same && typeof period === 'number' && period > highest ? period : highest;
  }, 0);

/**
 * Something still owed past its deadline (the approval of a pending change; the retroactive approval or the
 * post-implementation review of an emergency change deployed first) is escalated once per elapsed period
 * (see escalation-periods.ts): each entry names what is overdue, the period, the deadline, the roles escalated
 * to and their mentions, so the history comment pings them and the notification goes to them. Idempotent:
 * the entries already recorded for this deadline are not written again, and racing writers share keys
 * (what, level, period, deadline are the occurrence facts).
 */
export const escalationOf = (
  context: EvaluationContext,
  options: {
    kind?: OverdueKind;
    /** The approval level whose contacts are told; its name is recorded. */
    level: { name: string };
    /** One period: the level's `approval_timeout`, or the emergency process's window. */
    timeout: { text: string; ms: number };
    deadline: string | null;
    /** Still owed: otherwise nothing is overdue. */
    pending: boolean;
    blockHash: string | null;
  },
): Escalation => {
  const { deadline, level, timeout } = options;
  const kind = options.kind ?? 'approval';
  if (!options.pending || deadline === null || Number.isNaN(Date.parse(deadline))) return NO_ESCALATION;
  const now = context.input.now;
  const clock = {
    deadline,
    timeoutMs: timeout.ms,
    now,
    recorded: recordedPeriod(context, { deadline, kind }),
  };
  const contacts = escalationContacts(context.policy, level.name);
  const mentions = contactMentions({
    policy: context.policy,
    roles: contacts,
    owner: context.facts.owner,
    ownerIsOrg: context.facts.ownerIsOrg,
  });
  const late = formatDuration(now.getTime() - Date.parse(deadline));
  const entries = periodsToEscalate(clock).map((period) => ({
    ...draft(context, {
      event: 'escalated',
      blockHash: options.blockHash,
      data: {
        overdue: kind,
        level: level.name,
        period,
        deadline,
        late,
        contacts,
        mentions,
        reason: `${OWED[kind]} still owed ${late} after its ${timeout.text} deadline`,
      },
    }),
    // The app escalates, whoever's event (or the sweep) let it notice.
    actor: context.input.app.botLogin,
  }));
  const overdue = now.getTime() >= Date.parse(deadline);
  const nextDueAt = nextEscalationAt(clock);
  return {
    entries,
    overdue,
    nextDueAt,
    note: overdue ? overdueNote({ kind, deadline, now, contacts, nextDueAt }) : '',
  };
};

/** Several escalations of one decision as one. */
export const combineEscalations = (escalations: readonly Escalation[]): Escalation => ({
  entries: escalations.flatMap((escalation) => escalation.entries),
  overdue: escalations.some((escalation) => escalation.overdue),
  nextDueAt: earliestDue(escalations.map((escalation) => escalation.nextDueAt)),
  note: escalations
    .map((escalation) => escalation.note)
    .filter(Boolean)
    .join('\n\n'),
});

const HOUR = 3_600_000;

/** Lateness to the hour (to the minute under an hour), so the check output does not change every minute. */
const lateText = (ms: number): string => formatDuration(ms >= HOUR ? Math.floor(ms / HOUR) * HOUR : ms);

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const overdueNote = (options: {
  kind: OverdueKind;
  deadline: string;
  now: Date;
  contacts: string[];
  nextDueAt: string | null;
}): string => {
  const late = lateText(options.now.getTime() - Date.parse(options.deadline));
  const next = options.nextDueAt === null ? '' : `; next escalation ${utc(options.nextDueAt)}`;
  const what = options.kind === 'approval' ? '' : ` (${OWED[options.kind]})`;
  return `**Overdue${what}:** ${late} past the ${OWED[options.kind]} deadline (${utc(options.deadline)}); escalated to ${options.contacts.map((role) => codeSpan(role)).join(', ')}${next}.`;
};
