import type { CheckRunPlan } from '../decision/check-run-plan.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';
import { shortSha } from '../text/short-sha.ts';
import type { DeployChange, DeployCheckRun, TrustedApp } from './deploy-input.ts';

/**
 * The app's voucher for a deployment: a check run named `<check name> · deployed <environment>`, written by
 * the app on the deployed commit when it sees a deployment the gate approved succeed. Only the app can
 * write a run under its own id, so only a vouched deployment can be the start of the next deploy's range;
 * a deployment anyone else marked successful moves nothing (DESIGN: trust model).
 */
export function deployedCheckName(options: { checkName: string; environment: string }): string {
  // Environment names are case-insensitive on GitHub; the run's name must not depend on how one was typed.
  return `${options.checkName} · deployed ${options.environment.toLowerCase()}`;
}

/** The run's `external_id`: the one deployment it vouches for. */
export const deployedExternalId = (deploymentId: number): string => `deployment-${deploymentId}`;

/** Whether one of these runs is the trusted app's successful voucher for this deployment. */
export function vouchesFor(options: {
  runs: readonly DeployCheckRun[];
  deploymentId: number;
  trustedApp: TrustedApp;
}): boolean {
  const { trustedApp } = options;
  return options.runs.some(
    (run) =>
      run.appSlug === trustedApp.slug &&
      (trustedApp.id === null || run.appId === trustedApp.id) &&
      run.status === 'completed' &&
      run.conclusion === 'success' &&
      run.externalId === deployedExternalId(options.deploymentId),
  );
}

/** The voucher the app writes: which deployment, where, and the changes the gate approved in it. */
export function deployedCheckPlan(options: {
  checkName: string;
  environment: string;
  sha: string;
  deploymentId: number;
  changes: readonly DeployChange[];
}): CheckRunPlan {
  const { environment, deploymentId } = options;
  const ids = options.changes.flatMap((change) => (change.changeId ? [change.changeId] : []));
  const shipped =
    options.changes.length === 0
      ? 'No pull request in this deploy required approval.'
      : `Approved changes in it: ${options.changes.map((change) => `#${change.pr}${change.changeId ? ` (${change.changeId})` : ''}`).join(', ')}.`;
  return {
    name: deployedCheckName(options),
    headSha: options.sha,
    status: 'completed',
    conclusion: 'success',
    title:
      `Deployed to ${environment.toLowerCase()} through the gate${ids.length > 0 ? `: ${ids.join(', ')}` : ''}`.slice(
        0,
        250,
      ),
    summary: [
      `Deployment ${deploymentId} of ${shortSha(options.sha)} to ${escapeMarkdown(environment.toLowerCase())} went through Change Gate and succeeded.`,
      shipped,
      'The next deploy to this environment checks every change merged since this commit. A deployment without this check run (one the gate did not approve) is never a starting point.',
    ].join('\n\n'),
    text: '',
    externalId: deployedExternalId(deploymentId),
  };
}
