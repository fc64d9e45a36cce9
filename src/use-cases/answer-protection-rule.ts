import type { DeployDecision } from '../core/deploy/deploy-input.ts';
import { shortSha } from '../core/text/short-sha.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { ProtectionRulePort, ProtectionRuleState } from '../github/ports/protection-rule-port.ts';
import { gateApprovalKey } from './deploy-gate-approvals.ts';
import { gateDeploy } from './gate-deploy.ts';
import type { DeployRead } from './read-deploy.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

/** GitHub shows the comment with the run; longer reasons are cut with a count of what was left out. */
const MAX_COMMENT_CHARS = 2000;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export interface ProtectionRuleTarget {
  runId: number;
  environment: string;
  sha: string;
  /** The branch GitHub names for the run: logged, never decided on (whoever starts the run chooses it). */
  branch: string | null;
  /** The deployment GitHub created for the run, when it names it: an approval is remembered for its statuses. */
  deploymentId?: number;
}

export type ProtectionRuleAnswer = ProtectionRuleState | 'waiting';

export interface AnswerProtectionRuleOptions {
  deps: Pick<UseCaseDeps, 'identity' | 'now' | 'gateApprovals'>;
  deployPort: DeployPort;
  rulesPort: ProtectionRulePort;
  log: Pick<UseCaseLog, 'info'>;
  /** The repository whose run waits: its default branch holds the policy. */
  repository: { owner: string; repo: string };
  target: ProtectionRuleTarget;
  /**
   * Only approve (the release after an approval): a refusal then leaves the run waiting. When the rule is
   * first requested every outcome but pending is answered.
   */
  approveOnly?: boolean;
}

/**
 * The deployment protection rule for one environment of one waiting run: decide with the same gate as the
 * action (`gateDeploy`, the app's own check runs trusted) and answer through GitHub's review endpoint.
 * Approved → approve, naming the changes. Pending → a status report saying what is missing (GitHub shows it
 * with the run) and no answer: the run waits, without a runner, until an approval releases it. Rejected, frozen, outside a maintenance window, or anything unreadable → reject with the reasons (fail closed: the
 * run is refused rather than left hanging on an error nobody sees; re-running the job asks again).
 */
export async function answerProtectionRule(
  options: AnswerProtectionRuleOptions,
): Promise<{ answer: ProtectionRuleAnswer; decision: DeployDecision | null }> {
  const { deps, target, log } = options;
  const on = target.branch ? ` on ${target.branch}` : '';
  const where = `run ${target.runId} to ${target.environment} (${shortSha(target.sha)}${on})`;
  if (!SHA.test(target.sha)) {
    if (options.approveOnly) return { answer: 'waiting', decision: null };
    const reason = `GitHub named no valid commit for the deployment ("${target.sha.slice(0, 80)}")`;
    await review({ options, state: 'rejected', comment: refusal({ status: 'error', reasons: [reason] }) });
    return { answer: 'rejected', decision: null };
  }
  let decision: DeployDecision;
  let read: DeployRead;
  try {
    const app = await deps.identity();
    ({ decision, read } = await gateDeploy({
      port: options.deployPort,
      environment: target.environment,
      sha: target.sha,
      ...options.repository,
      trustedApp: { slug: app.slug, id: app.id },
      at: deps.now(),
      ...(target.deploymentId === undefined ? {} : { deciding: target.deploymentId }),
      log: (message) => log.info(`${where}: ${message}`),
    }));
  } catch (error) {
    // Only the identity read can throw here (gateDeploy never does): refuse, since nothing can be trusted.
    const reason = `Change Gate could not tell which check runs to trust (${errorMessage(error)})`;
    if (options.approveOnly) return { answer: 'waiting', decision: null };
    await review({ options, state: 'rejected', comment: refusal({ status: 'error', reasons: [reason] }) });
    return { answer: 'rejected', decision: null };
  }

  if (decision.status === 'approved') {
    if (read.ok && target.deploymentId !== undefined) {
      // Remembered before the answer: the deployment's first status can arrive before the review call returns.
      deps.gateApprovals?.remember(
        gateApprovalKey({ ...options.repository, ...target, deploymentId: target.deploymentId }),
        { read: withoutBodies(read), decision },
      );
    }
    await review({ options, state: 'approved', comment: `Change Gate: ${decision.reasons.join('; ')}` });
    log.info(`${where}: approved`);
    return { answer: 'approved', decision };
  }
  if (decision.status === 'pending' || options.approveOnly) {
    log.info(`${where}: left waiting (${decision.status}): ${decision.reasons.join('; ')}`);
    if (!options.approveOnly) {
      // A report is courtesy: failing to post one changes nothing about the decision.
      await options.rulesPort
        .reportProtectionRuleStatus({
          runId: target.runId,
          environment: target.environment,
          comment: clip(`Change Gate is waiting for approval:\n- ${decision.reasons.join('\n- ')}`),
        })
        .catch((error: unknown) => log.info(`${where}: status report not posted: ${errorMessage(error)}`));
    }
    return { answer: 'waiting', decision };
  }
  await review({ options, state: 'rejected', comment: refusal(decision) });
  log.info(`${where}: rejected (${decision.status})`);
  return { answer: 'rejected', decision };
}

/** What is kept of a read: the pull requests' bodies (up to 65 KB each) are not needed to record statuses. */
function withoutBodies(read: Extract<DeployRead, { ok: true }>): Extract<DeployRead, { ok: true }> {
  return {
    ...read,
    scope: { ...read.scope, pullRequests: read.scope.pullRequests.map((pr) => ({ ...pr, body: null })) },
  };
}

function review(options: {
  options: AnswerProtectionRuleOptions;
  state: ProtectionRuleState;
  comment: string;
}): Promise<void> {
  const { target, rulesPort } = options.options;
  return rulesPort.reviewProtectionRule({
    runId: target.runId,
    environment: target.environment,
    state: options.state,
    comment: clip(options.comment),
  });
}

function refusal(decision: Pick<DeployDecision, 'status' | 'reasons'>): string {
  return `Change Gate refused the deploy (${decision.status}):\n- ${decision.reasons.join('\n- ')}`;
}

function clip(text: string): string {
  if (text.length <= MAX_COMMENT_CHARS) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > MAX_COMMENT_CHARS - 40) break;
    kept.push(line);
    length += line.length + 1;
  }
  const left = lines.length - kept.length;
  if (kept.length === 0) return `${text.slice(0, MAX_COMMENT_CHARS - 1)}…`;
  return `${kept.join('\n')}\n… and ${left} more line${left === 1 ? '' : 's'}`;
}
