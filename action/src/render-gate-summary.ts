import type { DeployDecision } from '../../src/core/deploy/deploy-input.ts';
import { codeSpan, escapeMarkdown } from '../../src/core/text/escape-markdown.ts';
import { shortSha } from '../../src/core/text/short-sha.ts';

const HEADLINE: Record<DeployDecision['status'], string> = {
  approved: '✅ allowed',
  pending: '⏳ waiting for approval',
  rejected: '⛔ refused',
  frozen: '🧊 refused: freeze window',
  outside_window: '🕒 refused: outside a maintenance window',
  error: '⛔ refused: GitHub or the config could not be read',
};

/** The job summary of a gate: one row per pull request, then the decision and its reasons. */
export function renderGateSummary(options: {
  environment: string;
  sha: string;
  decision: DeployDecision;
  /** False when the deploy's scope could not be read: then nothing is claimed about earlier deployments. */
  historyRead: boolean;
  lastDeployedSha: string | null;
  deploymentId: number | null;
}): string {
  const { decision } = options;
  const lines = [
    `## Change Gate: deploy of ${codeSpan(shortSha(options.sha))} to ${cell(options.environment)} ${HEADLINE[decision.status]}`,
    '',
    history(options),
    '',
  ];
  if (decision.changes.length > 0) {
    lines.push('| Pull request | Change | Merged head | Gate | Check |', '| --- | --- | --- | --- | --- |');
    for (const change of decision.changes) {
      const check = change.checkUrl ? `[${cell(change.detail)}](${change.checkUrl})` : cell(change.detail);
      const emergency = change.emergency ? ' (emergency)' : change.maintenance ? ' (maintenance window)' : '';
      lines.push(
        `| #${change.pr} | ${change.changeId ?? '—'}${emergency} | ${codeSpan(shortSha(change.headSha))} | ${change.gate} | ${check} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    `**Decision: ${decision.status}**`,
    '',
    ...decision.reasons.map((reason) => `- ${cell(reason)}`),
  );
  if (options.deploymentId !== null) lines.push('', `Deployment ${options.deploymentId} created.`);
  return `${lines.join('\n')}\n`;
}

/** What the summary says about earlier deployments: only what was read. */
function history(options: { historyRead: boolean; lastDeployedSha: string | null }): string {
  if (!options.historyRead)
    return 'Earlier deployments to this environment could not be read: the summary says nothing about them, and the deploy is not allowed on an unread history.';
  return options.lastDeployedSha
    ? `Changes since the last vouched deployment (${codeSpan(shortSha(options.lastDeployedSha))}): the last one the gate approved and the app marked deployed.`
    : 'No vouched deployment to this environment yet (a first gated deploy): the pull requests of the deployed commit.';
}

/** Text from GitHub (check titles, PR data) kept inside one table cell and free of HTML. */
function cell(text: string): string {
  return escapeMarkdown(text, { dialect: 'job-summary' });
}
