import type { Change } from '../change-request/change.ts';
import type { CompletenessItem } from '../change-request/check-completeness.ts';
import type { ResolvedLevel } from '../policy/resolve-approval-level.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';

const when = (iso: string | null): string => (iso ? iso.replace(/\.\d{3}Z$/, 'Z').replace('T', ' ') : '—');

/** The change at a glance: ID, title, classification, priority, approval level, roles, deadline. */
export const renderChangeSummary = (options: {
  changeId: string;
  change: Change;
  level: ResolvedLevel;
  roles: string[];
  deadline: string | null;
}): string => {
  const { change, level } = options;
  return [
    `**${options.changeId}** · ${escapeMarkdown(change.form.title)}`,
    '',
    '| Type | Classification | Priority | Urgency | Risk | Approval level | Approve by |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ${escapeMarkdown(change.type)} | ${change.classification} | ${change.priority} | ${change.urgency} | ${
      change.form.risk_level ?? '—'
    } | ${level.name} (${level.approval_timeout}) | ${when(options.deadline)} |`,
    '',
    `Required roles: ${options.roles.map((role) => escapeMarkdown(role)).join(', ') || 'none'}`,
  ].join('\n');
};

/** The procedure's approval criteria a form can show by itself. */
export const renderCompleteness = (items: readonly CompletenessItem[]): string =>
  [
    '### Approval criteria',
    ...items.map(
      (item) =>
        `- ${item.ok ? '✅' : '❌'} ${escapeMarkdown(item.message, 500)}${item.ok ? '' : lineOf(item)}`,
    ),
  ].join('\n');

const lineOf = (item: CompletenessItem): string => (item.line ? ` (block line ${item.line})` : '');
