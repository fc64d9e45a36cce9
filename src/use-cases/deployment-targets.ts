import type { DeployDecision } from '../core/deploy/deploy-input.ts';
import { readDeployPayload } from '../core/deploy/deploy-payload.ts';
import type { PullRequestOfCommit } from '../github/ports/deploy-port.ts';
import type { DeployScope } from './collect-deploy-scope.ts';

/** A change one deployment status is about, and what it means for it. */
export interface DeploymentTarget {
  number: number;
  /** The change ID the deployment's payload claims (checked against the PR); null when found in the range. */
  changeId: string | null;
  /** Null: shipped as the gate allows, record the outcome. Otherwise the ungated-deployment finding. */
  finding: string | null;
}

/**
 * Which changes a deployment status moves, and which it only reports (DESIGN: trust model). The range
 * (`scope`) and the gate's decision are recomputed by the app, never taken from the payload:
 * - a change merged into a deploy branch, its merged commit in the range and approved by the gate:
 *   its outcome is recorded (implementing, completed, failed, rolled back);
 * - a change in the range the gate did not approve: an ungated-deployment finding, status untouched;
 * - an open pull request (its head deployed as it is) is never moved: approved, nothing is written;
 * - a change the payload names but the range does not hold: a finding (a forged or stale payload).
 * Findings only for production environments; elsewhere such changes are only logged (`skipped`).
 */
export function deploymentTargets(options: {
  payload: unknown;
  scope: DeployScope;
  decision: DeployDecision;
  production: boolean;
  /** The config's label of change requests. */
  label: string;
}): { targets: DeploymentTarget[]; skipped: string[] } {
  const { scope, decision, production } = options;
  const named = new Map<number, string>();
  for (const change of readDeployPayload(options.payload)?.change_gate.changes ?? []) {
    if (change.change_id !== null) named.set(change.pr, change.change_id);
  }
  const targets: DeploymentTarget[] = [];
  const skipped: string[] = [];
  const report = (target: DeploymentTarget) => {
    if (target.finding === null || production) targets.push(target);
    else skipped.push(`#${target.number}: ${target.finding} (not a production environment: not recorded)`);
  };
  const label = options.label.toLowerCase();
  for (const pr of scope.pullRequests) {
    const isChange = named.has(pr.number) || pr.labels.some((name) => name.toLowerCase() === label);
    if (!isChange) continue;
    const change = decision.changes.find((candidate) => candidate.pr === pr.number);
    const approved = change?.gate === 'approved';
    const verdict = change ? `${change.gate}: ${change.detail}` : 'not decided';
    const changeId = named.get(pr.number) ?? null;
    if (pr.mergedAt === null) {
      if (approved) skipped.push(`#${pr.number}: open, deployed as it is: an open change is never moved`);
      else
        report({
          number: pr.number,
          changeId,
          finding: `deployed while open, without approval (${verdict})`,
        });
    } else if (approved && shippedIn({ pr, scope })) {
      report({ number: pr.number, changeId, finding: null });
    } else if (approved) {
      skipped.push(`#${pr.number}: its merged commit is not in this deployment's range`);
    } else {
      report({ number: pr.number, changeId, finding: `the gate did not approve it (${verdict})` });
    }
  }
  const inRange = new Set(scope.pullRequests.map((pr) => pr.number));
  for (const [number, changeId] of named) {
    if (inRange.has(number)) continue;
    report({
      number,
      changeId,
      finding: "the deployment's payload names it, but its merged commit is not in the deployment's range",
    });
  }
  return { targets, skipped };
}

function shippedIn(options: { pr: PullRequestOfCommit; scope: DeployScope }): boolean {
  const { pr, scope } = options;
  return pr.mergeCommitSha !== null && scope.commits.includes(pr.mergeCommitSha);
}
