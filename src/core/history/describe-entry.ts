import { isContactMention } from '../escalation/escalation-contacts.ts';
import { escapeMarkdown, type MarkdownDialect, mention } from '../text/escape-markdown.ts';
import type { HistoryEntry, HistoryEvent } from './history-entry.ts';

const MAX_LIST = 20;
const MAX_INLINE = 200;

/** `markdown` for the history comment, `text` for JSON exports. */
export type TextFormat = 'markdown' | 'text';

const dialectOf = (format: TextFormat): MarkdownDialect =>
  format === 'markdown' ? 'history-sentence' : 'plain-text';

/** A user-supplied value as one short inline run, inert in Markdown. */
const inlineText = (value: string, format: TextFormat): string =>
  escapeMarkdown(value, { maxChars: MAX_INLINE, dialect: dialectOf(format) });

/** An escalation contact (`@login` or `@org/team`) as a mention in Markdown; anything else as inert text. */
const contactText = (contact: string, format: TextFormat): string =>
  format === 'markdown' && isContactMention(contact) ? contact : inlineText(contact, format);

/** A login as a mention in Markdown (`@alice`), inert text when it is not a valid login. */
const loginText = (login: string, format: TextFormat): string => mention(login, dialectOf(format));

const textField = (data: Record<string, unknown>, name: string): string | undefined => {
  const value = data[name];
  if (typeof value === 'string' && value.trim() !== '') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
};

const listField = (data: Record<string, unknown>, name: string): string[] => {
  const value = data[name];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return items
    .filter((item): item is string => typeof item === 'string' && item.trim() !== '')
    .slice(0, MAX_LIST);
};

/** `approvers: { role: [login, ...] }` → `role: @a, @b; other-role: @c`. */
const approversText = (data: Record<string, unknown>, format: TextFormat): string | undefined => {
  const value = data.approvers;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const roles = Object.entries(value)
    .slice(0, MAX_LIST)
    .map(([role, logins]) => {
      const names = (Array.isArray(logins) ? logins : [logins]).filter(
        (l): l is string => typeof l === 'string',
      );
      const who = names.length === 0 ? 'none yet' : names.map((l) => loginText(l, format)).join(', ');
      return `${inlineText(role, format)}: ${who}`;
    });
  return roles.length === 0 ? undefined : `approvals: ${roles.join('; ')}`;
};

interface Parts {
  /** What happened, after the change id. */
  what: string;
  /** Details after a dash, each optional. */
  details: Array<string | undefined>;
}

const partsOf = (entry: HistoryEntry, format: TextFormat): Parts => {
  const { data } = entry;
  const by = `by ${loginText(entry.actor, format)}`;
  const text = (name: string): string | undefined => {
    const value = textField(data, name);
    return value === undefined ? undefined : inlineText(value, format);
  };
  const list = (name: string): string[] => listField(data, name).map((item) => inlineText(item, format));
  const role = text('role');
  const forRole = role === undefined ? '' : ` for ${role}`;
  const env = text('environment');
  const inEnv = env === undefined ? '' : ` in ${env}`;
  const reason = text('reason');
  const conditions = list('conditions');
  const conditionsText = conditions.length === 0 ? undefined : `conditions: ${conditions.join('; ')}`;
  const deadline = text('deadline');
  const approver = textField(data, 'approver');
  const note = text('note');
  const noteText = note === undefined ? undefined : `note: ${note}`;
  const review = text('next_review');
  const reviewText = review === undefined ? undefined : `next review ${review}`;
  const sentences: Record<HistoryEvent, () => Parts> = {
    submitted: () => {
      const roles = list('required_roles');
      return {
        what: `submitted ${by}`,
        details: [roles.length > 0 ? `needs ${roles.join(', ')}` : undefined],
      };
    },
    invalidated: () => ({
      what: `invalidated ${by}`,
      details: [reason ?? 'the change block changed after submission; earlier approvals no longer count'],
    }),
    cancelled: () => ({ what: `cancelled ${by}`, details: [reason] }),
    approved: () => ({
      what: `approved ${by}${forRole}`,
      details: [approversText(data, format), conditionsText],
    }),
    rejected: () => ({ what: `rejected ${by}${forRole}`, details: [reason] }),
    approval_voided: () => ({
      what:
        approver === undefined
          ? `approval voided ${by}`
          : `approval of ${loginText(approver, format)}${forRole} voided`,
      details: [reason],
    }),
    implementing: () => ({ what: `implementation started${inEnv} ${by}`, details: [noteText] }),
    completed: () => ({ what: `completed${inEnv} ${by}`, details: [reviewText, noteText] }),
    failed: () => ({ what: `failed${inEnv} (${by})`, details: [reason, noteText] }),
    rolled_back: () => ({ what: `rolled back${inEnv} ${by}`, details: [reason, noteText] }),
    escalated: () => {
      const period = textField(data, 'period');
      const mentions = listField(data, 'mentions').map((item) => contactText(item, format));
      return {
        what: period === undefined ? 'escalated' : `escalated (period ${inlineText(period, format)})`,
        details: [
          mentions.length > 0 ? `to ${mentions.join(', ')}` : undefined,
          reason,
          deadline === undefined ? undefined : `due ${deadline}`,
        ],
      };
    },
    emergency_confirmed: () => ({
      what: `confirmed as an emergency change ${by}`,
      details: [reason, 'it may deploy before approval and owes retroactive approval'],
    }),
    emergency_implemented: () => ({
      what: `emergency change ${data.finished === true ? 'deployed successfully' : 'implemented'}${inEnv} ${by}`,
      details: [
        reason,
        deadline === undefined ? 'owes retroactive approval' : `retroactive approval due by ${deadline}`,
      ],
    }),
    retroactively_approved: () => ({
      what: `retroactively approved ${by}${forRole}`,
      details: [approversText(data, format), conditionsText],
    }),
    reviewed: () => ({ what: `post-implementation review ${by}`, details: [text('summary') ?? reason] }),
    step_completed: () => ({
      what: `implementation step ${text('name') ?? text('step') ?? 'unnamed'} ticked ${by}`,
      details: [text('evidence') === undefined ? undefined : `from evidence: ${text('evidence')}`],
    }),
    ungated_deployment: () => ({
      what: `deployed without the gate's approval${inEnv} (${by})`,
      details: [
        reason,
        'a finding: the status is unchanged and this deployment is never the start of a later range',
      ],
    }),
    requested: () => ({
      what: `requested ${by} through the REST API`,
      details: [text('environment') === undefined ? undefined : `environment ${text('environment')}`],
    }),
    voted: () => ({
      what: `${data.approved === true ? 'approved' : 'rejected'} ${by} through the REST API`,
      details: [text('comments'), conditionsText],
    }),
    history_tampered: () => {
      const trigger = textField(data, 'triggered_by');
      const after = trigger === undefined ? '' : ` after an action by ${loginText(trigger, format)}`;
      return {
        what: `history found tampered with${after}`,
        details: [reason, 'approvals given before this no longer count'],
      };
    },
  };
  return sentences[entry.event]();
};

/**
 * The default one-line sentence for an entry, from its event and the `data` fields present:
 * `required_roles` (submitted), `role`, `approver` (approval_voided), `approvers` ({ role: [login] }),
 * `conditions`, `reason`, `environment`, `deadline`, `summary` (reviewed), `triggered_by` (history_tampered),
 * `note` and `next_review` (implementing, completed, failed, rolled_back).
 * Markdown by default (`**CHG-2026-012** submitted by @alice — needs security-team, change-manager`);
 * `'text'` drops the markup, for JSON exports.
 */
export const describeEntry = (entry: HistoryEntry, format: TextFormat = 'markdown'): string => {
  const { what, details } = partsOf(entry, format);
  const id = format === 'markdown' ? `**${inlineText(entry.change_id, format)}**` : entry.change_id;
  const extra = details.filter((detail): detail is string => detail !== undefined);
  return extra.length === 0 ? `${id} ${what}` : `${id} ${what} — ${extra.join('; ')}`;
};
