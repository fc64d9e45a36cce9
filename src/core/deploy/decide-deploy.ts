import { shortSha } from '../text/short-sha.ts';
import { commitInScope } from './commit-in-scope.ts';
import type { DeployChange, DeployDecision, DeployInput, DeployStatus } from './deploy-input.ts';
import { describeDeployChange } from './describe-deploy-change.ts';
import { type ActiveFreeze, findFreezeWindow } from './find-freeze-window.ts';
import { gateOfPullRequest } from './gate-of-pull-request.ts';
import { maintenanceHold } from './maintenance-hold.ts';
import { stepsOwedReasons } from './steps-owed-reasons.ts';
import { TimeWindowError } from './time-window-error.ts';

/**
 * Whether a deploy may go ahead: every pull request in it approved by the trusted app's check on its
 * merged head, no direct push where the scope requires a change, the commit on a deploy branch where the
 * scope requires a change, no freeze window in force (unless every PR is an emergency change), on a
 * production environment a maintenance window open for each change that asks for one (see maintenanceHold),
 * and GitHub read completely. Anything else refuses, with the reasons.
 * Status when several apply: error, then rejected, then frozen, then outside_window, then pending.
 */
export function decideDeploy(input: DeployInput): DeployDecision {
  // Emergency changes (allowed first, retroactive approval owed) need no rule here: our check on the merged
  // head passes once an emergency approver confirmed the change (evaluateValidChange → emergencyGoAhead), so
  // gateOfPullRequest reads it as approved; labels, bodies and comments are never read.
  const changes = input.pullRequests.map((pr) =>
    gateOfPullRequest({
      pr,
      checkName: input.checkName,
      trustedApp: input.trustedApp,
    }),
  );
  const reasons: string[] = [];
  const errors: string[] = [];
  if (input.readError !== null)
    errors.push(`GitHub could not be read, so the deploy is refused: ${input.readError}`);

  for (const change of changes) {
    if (change.gate !== 'approved') reasons.push(`${describeDeployChange(change)}: ${change.detail}`);
  }
  // Implementation steps hold production deploys only: staging is where they are carried out.
  const steps = input.production ? stepsOwedReasons(changes) : { waiting: [], refused: [] };
  reasons.push(...steps.refused, ...steps.waiting);
  const unlinked = input.commitsWithoutPullRequest.filter((commit) =>
    commitInScope({ commit, branch: input.branch, scope: input.scope }),
  );
  for (const commit of unlinked) {
    reasons.push(
      `commit ${shortSha(commit.sha)} came in without a pull request, where the config's scope requires a change request`,
    );
  }
  const offBranch = input.branch === null && scopeRequiresChanges(input.scope);
  if (offBranch) {
    reasons.push(
      `commit ${shortSha(input.sha)} is on none of the deploy branches (${input.deployBranches.join(', ')}): where the config's scope requires a change request, only what was merged there may be deployed`,
    );
  }

  const freeze = readFreeze({ input, errors });
  // Emergency changes may go first; they owe retroactive approval (tracked by the app), not a waiting deploy.
  const emergencyDeploy =
    changes.length > 0 && changes.every((change) => change.emergency) && unlinked.length === 0 && !offBranch;
  if (freeze && emergencyDeploy) {
    reasons.push(
      `freeze window "${freeze.window.name}" is in force until ${freeze.endsAt.toISOString()}; an emergency deploy may proceed`,
    );
  }
  const frozen = freeze !== null && !emergencyDeploy;
  if (frozen) {
    reasons.push(
      `freeze window "${freeze.window.name}" is in force until ${freeze.endsAt.toISOString()}: only emergency changes may deploy`,
    );
  }

  const hold = maintenanceHold({
    changes,
    windows: input.maintenanceWindows,
    production: input.production,
    at: input.at,
  });
  if (hold.error !== null) errors.push(hold.error);
  reasons.push(...hold.reasons);

  const status = statusOf({
    errors,
    changes,
    unlinked: unlinked.length + (offBranch ? 1 : 0) + steps.refused.length,
    frozen,
    outsideWindow: hold.held,
    stepsOwed: steps.waiting.length,
  });
  if (status === 'approved') reasons.push(approvedReason(changes));
  return {
    allowed: status === 'approved',
    status,
    reasons: [...errors, ...reasons],
    changes,
    freeze: freeze ? { name: freeze.window.name, endsAt: freeze.endsAt.toISOString() } : null,
    maintenance: hold.held ? { next: hold.next } : null,
  };
}

function readFreeze(options: { input: DeployInput; errors: string[] }): ActiveFreeze | null {
  try {
    return findFreezeWindow({ windows: options.input.freezeWindows, at: options.input.at });
  } catch (error) {
    if (!(error instanceof TimeWindowError)) throw error;
    options.errors.push(
      `the config's freeze windows cannot be read, so the deploy is refused: ${error.message}`,
    );
    return null;
  }
}

function statusOf(options: {
  errors: string[];
  changes: DeployChange[];
  unlinked: number;
  frozen: boolean;
  outsideWindow: boolean;
  stepsOwed: number;
}): DeployStatus {
  if (options.errors.length > 0) return 'error';
  const refused = options.changes.some((change) => ['failed', 'missing', 'foreign'].includes(change.gate));
  if (refused || options.unlinked > 0) return 'rejected';
  if (options.frozen) return 'frozen';
  if (options.outsideWindow) return 'outside_window';
  if (options.changes.some((change) => change.gate === 'pending') || options.stepsOwed > 0) return 'pending';
  return 'approved';
}

function scopeRequiresChanges(scope: DeployInput['scope']): boolean {
  return (scope.branches?.length ?? 0) > 0 || (scope.paths?.length ?? 0) > 0;
}

function approvedReason(changes: DeployChange[]): string {
  if (changes.length === 0) return 'no pull request in this deploy requires approval';
  const ids = changes.flatMap((change) => (change.changeId ? [change.changeId] : []));
  const count = `${changes.length} pull request${changes.length === 1 ? '' : 's'}`;
  const early = changes.filter((change) => change.emergency && /^Emergency change\b/.test(change.detail));
  const owed =
    early.length > 0
      ? `; emergency change(s) ${early.map(describeDeployChange).join(', ')} deploy before approval and owe retroactive approval`
      : '';
  return ids.length > 0
    ? `${count} approved at their merged head (${ids.join(', ')})${owed}`
    : `${count} passed the gate; none is a change request`;
}
