import { changeIdOf } from '../core/decision/change-id.ts';
import { checkForCommit } from '../core/decision/check-for-commit.ts';
import type { Decision } from '../core/decision/decision.ts';
import {
  type DeploymentStatusEvent,
  evaluateDeploymentStatus,
} from '../core/decision/evaluate-deployment-status.ts';
import { deploymentOutcome } from '../core/deploy/deployment-outcome.ts';
import type { PolicyLoad } from '../core/policy/load-policy.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { GitHubPort, RepoRef } from '../github/ports/github-port.ts';
import type { ReviewIssuePort } from '../github/ports/review-issue-port.ts';
import { applyDecision, wroteAnything } from './apply-decision.ts';
import { applyReviewIssue } from './apply-review-issue.ts';
import { changeLockKey } from './change-lock-key.ts';
import { gateApprovalKey } from './deploy-gate-approvals.ts';
import { deploymentTargets } from './deployment-targets.ts';
import { gateDeploy } from './gate-deploy.ts';
import { readChangeHistory } from './read-change-history.ts';
import { reconcileAgain } from './reconcile-change.ts';
import { runWithHold } from './run-with-hold.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';
import { vouchDeployment, voucherPlan } from './vouch-deployment.ts';

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
 * 2. the gate again, for this deployment: its range since the last vouched deployment before it, and
 *    whether the gate approves what it ships (freeze windows as of its creation); or, when this process's
 *    protection rule approved this very deployment, that approval (its range, its decision and the policy
 *    it read: `deps.gateApprovals`). Nothing is taken from its payload but the changes it claims, which are
 *    checked against the range;
 * 3. per change, under the same lock as its reconcile: read it, `evaluateDeploymentStatus` (the outcome
 *    for a change shipped as the gate allows, an ungated-deployment finding otherwise), apply;
 * 4. an ungated deployment is logged; a gated one that succeeded is vouched for: unread, in the last change's
 *    request after its entries (or on its own), when this process approved it and sent no voucher before;
 *    else after reading the deployed commit's runs (`vouchDeployment`), always under the repository's lock,
 *    so that two statuses of one deployment handled at once write one voucher.
 * One change failing does not keep the others (or the voucher) from being recorded; the errors are thrown
 * after them, together (an AggregateError: a transient GitHub failure among them has the event handled again).
 */
export async function recordDeployment(options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  deployPort: DeployPort;
  log: UseCaseLog;
  event: DeploymentStatusInput;
  /** Opens the review issue of an emergency change deployed before approval; absent = none is opened. */
  reviewIssues?: ReviewIssuePort;
}): Promise<Decision[]> {
  const { deps, port, log, event } = options;
  const { deployment } = event;
  const what = `deployment ${deployment.id} to ${deployment.environment} (${event.status.state})`;
  if (deploymentOutcome(event.status) === null) {
    log.info(`${what}: nothing to record`);
    return [];
  }
  const app = await deps.identity();
  const approvalKey = gateApprovalKey({ ...event.repo, ...deployment, deploymentId: deployment.id });
  const remembered = deps.gateApprovals?.recall(approvalKey);
  if (remembered) log.info(`${what}: as this app's protection rule approved it`);
  const { decision, read } =
    remembered ??
    (await gateDeploy({
      port: options.deployPort,
      environment: deployment.environment,
      sha: deployment.sha,
      ...event.repo,
      trustedApp: { slug: app.slug, id: app.id },
      at: new Date(deployment.createdAt),
      before: deployment.id,
      log: (message) => log.info(`${what}: ${message}`),
    }));
  if (!read.ok) throw new Error(`${what} not recorded: its range cannot be read: ${read.error}`);
  // The policy the gate read (the default branch's config, as the app reads it): not read a second time.
  const policy: PolicyLoad = { status: 'valid', policy: read.policy, warnings: read.warnings };
  const settings = read.policy;
  const gated = decision.status === 'approved';
  const production = settings.production_environments.some(
    (name) => name.toLowerCase() === deployment.environment.toLowerCase(),
  );
  const { targets, skipped } = deploymentTargets({
    payload: event.payload,
    scope: read.scope,
    decision,
    production,
    label: settings.label,
  });
  for (const line of skipped) log.info(`${what}: ${line}`);
  if (!gated) {
    log.warn(
      `${what}: ungated deployment of ${deployment.sha} by ${event.actor}: the gate does not approve it (${decision.status}): ${decision.reasons.join('; ')}`,
    );
  }
  if (targets.length > MAX_RECORDED_CHANGES) {
    log.warn(`${what} ships ${targets.length} changes; the first ${MAX_RECORDED_CHANGES} are recorded`);
  }
  const actor = LOGIN.test(event.actor) ? event.actor : 'unknown';
  const decisions: Decision[] = [];
  /** What failed, kept in the error thrown: a transient GitHub failure among them has the event retried. */
  const failures: Array<{ what: string; error: unknown }> = [];
  const vouching = event.status.state === 'success' && gated && !remembered?.vouched;
  // This process approved the deployment and has sent no voucher since: it writes one unread, with the last
  // change's writes after its entries (one request) or on its own. Marked sent first, so that whatever comes
  // of it, a later attempt (the event's retry, a redelivery) reads the deployed commit's runs before writing.
  const unread = vouching && remembered !== undefined && !remembered.voucherSent;
  if (unread) deps.gateApprovals?.remember(approvalKey, { ...remembered, voucherSent: true });
  const voucher = unread ? voucherPlan({ checkName: read.checkName, deployment, decision }) : null;
  /** The voucher went with the last change's writes: 'written' (confirmed), 'unknown' (that apply failed). */
  let voucherWithLastChange: 'written' | 'unknown' | null = null;
  const toRecord = targets.slice(0, MAX_RECORDED_CHANGES);
  for (const [index, target] of toRecord.entries()) {
    const ref = { ...event.repo, number: target.number };
    const last = index === toRecord.length - 1;
    try {
      const { value: recorded, exclusive } = await runWithHold(deps.lock, changeLockKey(ref), async () => {
        const facts = await port.readChange(ref);
        const changeId = changeIdOf(facts);
        if (target.changeId !== null && target.changeId !== changeId) {
          log.warn(
            `${what}: the payload names ${target.changeId} for #${ref.number}, which is ${changeId}: skipped`,
          );
          return null;
        }
        const history = readChangeHistory({ deps, ref, facts, botLogin: app.botLogin });
        const now = deps.now();
        const evaluated = evaluateDeploymentStatus({
          facts: { ...facts, teamMembers: {} },
          policy,
          history,
          app,
          actor,
          now,
          event,
          finding: target.finding,
        });
        // The review issue first, so the emergency_implemented entry can name it.
        const { decision, wrote: wroteReviewIssue } = await applyReviewIssue({
          port: options.reviewIssues,
          ref,
          botLogin: app.botLogin,
          ...(deps.reviewIssuesOpened ? { opened: deps.reviewIssuesOpened } : {}),
          decision: evaluated,
        });
        const report = await applyDecision({
          port,
          ref,
          facts: { ...facts, teamMembers: {} },
          // A check only when implementation steps it carries changed (withSteps): with its markers again.
          decision: { ...decision, check: checkForCommit({ pulls: [{ number: ref.number, decision }] }) },
          entries: history.entries,
          signer: deps.keys.signer,
          app,
          // As reconcileChange does: the entry carries the time of the evaluation that decided it.
          now: () => now,
          notify: { queue: deps.notifications, policy },
          ...(last && voucher ? { create: voucher } : {}),
        }).catch((error: unknown) => {
          if (last && voucher) voucherWithLastChange = 'unknown';
          throw error;
        });
        if (last && voucher) voucherWithLastChange = 'written';
        log.info(`${what}: #${ref.number}: ${decision.headline}`);
        return { decision, wrote: wroteReviewIssue || wroteAnything(report) };
      });
      if (recorded) decisions.push(recorded.decision);
      if (recorded?.wrote && !exclusive) {
        const reviewIssues = options.reviewIssues ? { reviewIssues: options.reviewIssues } : {};
        await reconcileAgain({ deps, port, log, ref, actor, ...reviewIssues }, (why) =>
          log.warn(
            `${what}: #${ref.number} recorded; evaluating it again failed (${why}): left to its next event`,
          ),
        );
      }
    } catch (error) {
      failures.push({ what: `#${ref.number}`, error });
    }
  }
  if (vouching) {
    try {
      // Under the repository's lock, as the last change's writes that may carry it: two statuses of the
      // deployment at once (or a redelivery) take turns, so the second reads the first's voucher.
      const vouched =
        voucherWithLastChange === 'written'
          ? 'written'
          : await deps.lock.run(changeLockKey(event.repo), () =>
              vouchDeployment({
                port,
                deployPort: options.deployPort,
                repo: event.repo,
                app,
                checkName: read.checkName,
                deployment,
                decision,
                // Unread when this process approved it and sent no voucher before (nor did the last change's
                // failed request hold one).
                notYetVouched: unread && voucherWithLastChange === null,
              }),
            );
      if (remembered) deps.gateApprovals?.remember(approvalKey, { ...remembered, vouched: true });
      log.info(`${what}: vouched for as the start of the next deploy's range (${vouched})`);
    } catch (error) {
      failures.push({ what: 'the voucher', error });
    }
  } else if (event.status.state === 'success' && gated) {
    log.info(`${what}: vouched for as the start of the next deploy's range (already)`);
  }
  if (failures.length > 0) {
    throw new AggregateError(
      failures.map((failure) => failure.error),
      `${what} not recorded for ${failures.map((failure) => `${failure.what}: ${errorMessage(failure.error)}`).join('; ')}`,
    );
  }
  return decisions;
}
