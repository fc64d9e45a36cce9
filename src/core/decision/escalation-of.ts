import { contactMentions, escalationContacts } from '../escalation/escalation-contacts.ts';
import { nextEscalationAt, periodsToEscalate } from '../escalation/escalation-periods.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import type { ResolvedLevel } from '../policy/resolve-approval-level.ts';
import { codeSpan } from '../text/escape-markdown.ts';
import { formatDuration } from '../text/format-duration.ts';
import { draft, type EvaluationContext } from './evaluation-context.ts';

/** What an overdue approval adds to a decision. */
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

/** The highest period already escalated for this deadline (0 = none): a new deadline starts again at 1. */
const recordedPeriod = (context: EvaluationContext, deadline: string): number =>
  context.input.history.entries.reduce((highest, { entry }) => {
    const { period } = entry.data;
    const same = entry.event === 'escalated' && entry.data.deadline === deadline;
    return same && typeof period === 'number' && period > highest ? period : highest;
  }, 0);

/**
 * A change still pending approval past its deadline is escalated once per elapsed period (see
 * escalation-periods.ts): each entry names the period, the deadline, the roles escalated to and their
 * mentions, so the history comment pings them and the notification goes to them. Idempotent: the entries
 * already recorded for this deadline are not written again, and racing writers share keys (level, period,
 * deadline are the occurrence facts).
 */
export const escalationOf = (
  context: EvaluationContext,
  options: { level: ResolvedLevel; deadline: string | null; pending: boolean; blockHash: string },
): Escalation => {
  const { deadline, level } = options;
  if (!options.pending || deadline === null)
    return { entries: [], overdue: false, nextDueAt: null, note: '' };
  const now = context.input.now;
  const clock = { deadline, timeoutMs: level.timeoutMs, now, recorded: recordedPeriod(context, deadline) };
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
        overdue: 'approval',
        level: level.name,
        period,
        deadline,
        late,
        contacts,
        mentions,
        reason: `still pending approval ${late} after the ${level.name} level's ${level.approval_timeout} deadline`,
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
    note: overdue ? overdueNote({ deadline, now, contacts, nextDueAt }) : '',
  };
};

const HOUR = 3_600_000;

/** Lateness to the hour (to the minute under an hour), so the check output does not change every minute. */
const lateText = (ms: number): string => formatDuration(ms >= HOUR ? Math.floor(ms / HOUR) * HOUR : ms);

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const overdueNote = (options: {
  deadline: string;
  now: Date;
  contacts: string[];
  nextDueAt: string | null;
}): string => {
  const late = lateText(options.now.getTime() - Date.parse(options.deadline));
  const next = options.nextDueAt === null ? '' : `; next escalation ${utc(options.nextDueAt)}`;
  return `**Overdue:** ${late} past the approval deadline (${utc(options.deadline)}); escalated to ${options.contacts.map((role) => codeSpan(role)).join(', ')}${next}.`;
};
