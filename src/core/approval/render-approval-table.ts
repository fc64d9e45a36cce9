import { codeSpan, escapeMarkdown, mention } from '../text/escape-markdown.ts';
import { shortSha } from '../text/short-sha.ts';
import type { ApprovalOutcome, CountedApproval, RoleOutcome } from './approval-outcome.ts';

/** Lists are capped so that a flood of comments cannot push the check output past GitHub's limit. */
const MAX_LISTED = 50;
const MAX_APPROVERS_PER_CELL = 10;

/**
 * Markdown for the check output: the state, a table role → holders → who approved (how, on which commit,
 * when) → what is missing, then rejections, approvals that did not count and why, unreadable teams,
 * conditions and the deadline. All user-provided text is escaped and capped.
 */
export function renderApprovalTable(
  outcome: ApprovalOutcome,
  options: { deadline?: string | null } = {},
): string {
  const parts: string[] = [headline(outcome)];
  if (outcome.roles.length > 0) {
    parts.push(
      [
        '| Role | Held by | Approved by | Missing |',
        '| --- | --- | --- | --- |',
        ...outcome.roles.map(roleRow),
      ].join('\n'),
    );
  }
  if (outcome.rejections.length > 0) {
    parts.push(
      section(
        'Rejected by',
        outcome.rejections.map(
          (rejection) =>
            `${mention(rejection.login)} (${rejection.roles.map((role) => escapeMarkdown(role)).join(', ')}) ${
              REJECTED_VIA[rejection.via]
            } at ${time(rejection.at)}: ${escapeMarkdown(rejection.reason)}`,
        ),
      ),
    );
  }
  if (outcome.ignored.length > 0) {
    parts.push(
      section(
        'Not counted',
        outcome.ignored.map((entry) => escapeMarkdown(entry.detail, 400)),
      ),
    );
  }
  if (outcome.unreadableTeams.length > 0) {
    const teams = outcome.unreadableTeams.map((team) => escapeMarkdown(team)).join(', ');
    parts.push(
      `⚠️ The members of ${teams} could not be read from GitHub (an error, a rate limit, no answer, or no such team), so approvals from them are not counted yet: they count nobody until they can be read. Change Gate reads them again at its next sweep, without waiting for another event.`,
    );
  }
  if (outcome.conditions.length > 0) {
    parts.push(
      section(
        'Conditions of approval',
        outcome.conditions.map((condition) => escapeMarkdown(condition)),
      ),
    );
  }
  if (options.deadline) parts.push(`**Approval deadline:** ${time(options.deadline)}`);
  return `${parts.join('\n\n')}\n`;
}

function headline(outcome: ApprovalOutcome): string {
  if (outcome.state === 'rejected')
    return '**Rejected.** The change cannot go ahead until each person who rejected it, or another holder of their role, approves the current version.';
  if (outcome.state === 'approved') {
    const at = outcome.approvedAt === null ? '' : ` (since ${time(outcome.approvedAt)})`;
    return `**Approved:** every required role approved${at}.`;
  }
  if (outcome.roles.length === 0)
    return '**Not approved:** no approving role is required, so nobody can approve it here.';
  const missing = outcome.roles.reduce((sum, role) => sum + role.missing, 0);
  if (missing === 0)
    return '**Waiting:** the required approvals are in, but a rejection could not be checked (see below).';
  return `**Waiting for approval:** ${plural(missing, 'approval')} missing.`;
}

function roleRow(role: RoleOutcome): string {
  const name =
    escapeMarkdown(role.role) + (role.stage === undefined ? '' : ` (stage ${escapeMarkdown(role.stage)})`);
  const holders = [
    ...role.holders.teams.map((team) => `team ${escapeMarkdown(team)}`),
    ...role.holders.users.map((login) => mention(login)),
  ];
  const shown = role.approvedBy.slice(0, MAX_APPROVERS_PER_CELL).map(approvalCell);
  if (role.approvedBy.length > MAX_APPROVERS_PER_CELL)
    shown.push(`and ${role.approvedBy.length - MAX_APPROVERS_PER_CELL} more`);
  const missing = role.missing === 0 ? '✅ none' : `${plural(role.missing, 'more approval')}`;
  return `| ${name} | ${holders.join(', ') || 'nobody'} | ${shown.join('<br>') || '—'} | ${missing} |`;
}

const APPROVED_VIA = { review: 'review', command: '/approve', api: 'API' } as const;
const REJECTED_VIA = {
  review: 'requested changes',
  command: 'commented /reject',
  api: 'rejected through the API',
} as const;

function approvalCell(approval: CountedApproval): string {
  const how = APPROVED_VIA[approval.via];
  const on = approval.sha === null ? '' : ` on ${codeSpan(shortSha(approval.sha))}`;
  return `${mention(approval.login)} (${how}${on}, ${time(approval.at)})`;
}

function section(title: string, lines: string[]): string {
  const listed = lines.slice(0, MAX_LISTED).map((line) => `- ${line}`);
  if (lines.length > MAX_LISTED) listed.push(`- … and ${lines.length - MAX_LISTED} more`);
  return `**${title}**\n${listed.join('\n')}`;
}

function time(iso: string): string {
  const parsed = Date.parse(iso);
  if (Number.isNaN(parsed)) return escapeMarkdown(iso, 40);
  return `${new Date(parsed).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
