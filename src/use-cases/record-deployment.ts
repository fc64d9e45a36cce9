import { changeIdOf } from '../core/decision/change-id.ts';
import type { Decision } from '../core/decision/decision.ts';
import {
  type DeploymentStatusEvent,
  evaluateDeploymentStatus,
} from '../core/decision/evaluate-deployment-status.ts';
import { readDeployPayload } from '../core/deploy/deploy-payload.ts';
import { deploymentOutcome } from '../core/deploy/deployment-outcome.ts';
import { readHistory } from '../core/history/read-history.ts';
import { loadPolicy, type PolicyLoad } from '../core/policy/load-policy.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { GitHubPort, RepoRef } from '../github/ports/github-port.ts';
import { applyDecision } from './apply-decision.ts';
import { changeLockKey } from './change-lock-key.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

/** Changes recorded per deployment status: a deploy gate refuses far smaller deploys (100 PRs). */
export const MAX_RECORDED_CHANGES = 100;
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(?:\[bot\])?$/;

export interface DeploymentStatusInput extends DeploymentStatusEvent {
  repo: RepoRef;
  /** The deployment's `payload` as GitHub sends it: the gate writes its changes there. */
  payload: unknown;
  /** Who wrote the status (the deploy job's token, a person): the actor of the entries. */
  actor: string;
}

/**
 * Turns one deployment status into the history of the changes it ships (only the app writes history):
 * 1. states that record nothing (`inactive`, `waiting`) cost no API call;
 * 2. the changes: the gate's deployment payload, else the labeled PRs of the deployed commit (a job with
 *    `environment:` that did not run the gate);
 * 3. per change, under the same lock as its reconcile: read it, `evaluateDeploymentStatus`, apply.
 * One change failing does not keep the others from being recorded; the error is thrown after them.
 */
export async function recordDeployment(options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  deployPort: Pick<DeployPort, 'pullRequestsOfCommit'>;
  log: UseCaseLog;
  event: DeploymentStatusInput;
}): Promise<Decision[]> {
  const { deps, port, log, event } = options;
  const what = `deployment ${event.deployment.id} to ${event.deployment.environment} (${event.status.state})`;
  if (deploymentOutcome(event.status) === null) {
    log.info(`${what}: nothing to record`);
    return [];
  }
  const policy = policyOf(await port.readConfig(event.repo));
  const targets = await changesOf({ ...options, policy });
  if (targets.length > MAX_RECORDED_CHANGES) {
    log.warn(`${what} ships ${targets.length} changes; the first ${MAX_RECORDED_CHANGES} are recorded`);
  }
  const actor = LOGIN.test(event.actor) ? event.actor : 'unknown';
  const decisions: Decision[] = [];
  const failures: string[] = [];
  for (const target of targets.slice(0, MAX_RECORDED_CHANGES)) {
    const ref = { ...event.repo, number: target.number };
    try {
      const decision = await deps.lock.run(changeLockKey(ref), async () => {
        const [facts, app] = await Promise.all([port.readChange(ref), deps.identity()]);
        const changeId = changeIdOf(facts);
        if (target.changeId !== null && target.changeId !== changeId) {
          log.warn(
            `${what}: the payload names ${target.changeId} for #${ref.number}, which is ${changeId}: skipped`,
          );
          return null;
        }
        const history = readHistory({
          comments: facts.comments,
          botLogin: app.botLogin,
          verifiers: deps.keys.verifiers,
          changeId,
          repository: `${ref.owner}/${ref.repo}`,
          number: ref.number,
        });
        const now = deps.now();
        const decision = evaluateDeploymentStatus({
          facts: { ...facts, teamMembers: {} },
          policy,
          history,
          actor,
          now,
          event,
        });
        await applyDecision({
          port,
          ref,
          facts: { ...facts, teamMembers: {} },
          decision,
          entries: history.entries,
          signer: deps.keys.signer,
          app,
          // As reconcileChange does: the entry carries the time of the evaluation that decided it.
          now: () => now,
        });
        log.info(`${what}: #${ref.number}: ${decision.headline}`);
        return decision;
      });
      if (decision) decisions.push(decision);
    } catch (error) {
      failures.push(`#${ref.number}: ${errorMessage(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`${what} not recorded for ${failures.join('; ')}`);
  return decisions;
}

interface Target {
  number: number;
  /** The change ID the payload claims, checked against the PR; null when found by commit. */
  changeId: string | null;
}

async function changesOf(options: {
  deployPort: Pick<DeployPort, 'pullRequestsOfCommit'>;
  event: DeploymentStatusInput;
  policy: PolicyLoad;
}): Promise<Target[]> {
  const { event } = options;
  const payload = readDeployPayload(event.payload);
  if (payload) {
    const targets = new Map<number, Target>();
    for (const change of payload.change_gate.changes) {
      if (change.change_id !== null)
        targets.set(change.pr, { number: change.pr, changeId: change.change_id });
    }
    return [...targets.values()];
  }
  const label = (options.policy.status === 'valid' ? options.policy.policy.label : 'change').toLowerCase();
  const pulls = await options.deployPort.pullRequestsOfCommit(event.deployment.sha);
  return pulls
    .filter((pr) => pr.labels.some((name) => name.toLowerCase() === label))
    .map((pr) => ({ number: pr.number, changeId: null }));
}

const policyOf = (config: { config: unknown; error: string | null }): PolicyLoad =>
  config.error
    ? { status: 'invalid', problems: [{ message: config.error, line: 0, column: 0, severity: 'error' }] }
    : loadPolicy(config.config);
