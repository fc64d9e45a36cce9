import type { DeployDecision } from '../../src/core/deploy/deploy-input.ts';
import { MAX_DESCRIPTION_CHARS } from '../../src/core/deploy/deployment-outcome.ts';
import { formatDuration } from '../../src/core/text/format-duration.ts';
import type { DeployPort } from '../../src/github/ports/deploy-port.ts';
import { type DeployRead, readDeploy } from '../../src/use-cases/read-deploy.ts';
import { recheckDeploy } from '../../src/use-cases/recheck-deploy.ts';
import { actionErrorMessage } from './action-error-message.ts';
import { DEPLOYMENT_ID_VARIABLE, type GateInputs } from './action-inputs.ts';
import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import { buildDeployPayload } from './build-deploy-payload.ts';
import { renderGateSummary } from './render-gate-summary.ts';
import { mayHaveWritten } from './retry-safe-deploy-writes.ts';

interface GateContext {
  inputs: GateInputs;
  port: DeployPort;
  io: ActionIO;
  clock: Clock;
}

/**
 * `gate`: 1. read the policy and what the deploy ships; 2. decide, and with `wait` decide again every
 * interval until allowed, refused for good or timed out; 3. when allowed, record the deployment (created
 * before the step passes, so before the deploy; its creation is its start: no `in_progress` status);
 * 4. outputs and job summary. Anything unreadable refuses the deploy (fail closed).
 */
export async function gate(context: GateContext): Promise<CommandOutcome> {
  const { inputs, io } = context;
  const read = await readOnce(context);
  // The first decision is made on the runs read with the pull requests (one request less, as the app's gate);
  // each later one, while waiting, reads them again.
  let decision = await decide({ context, read, runsFromRead: true });
  decision = await waitIfAsked({ context, read, decision });

  let deploymentId: number | null = null;
  if (decision.allowed && read.ok) {
    const recorded = await recordDeployment({ context, decision, read });
    if (typeof recorded === 'number') deploymentId = recorded;
    else
      decision = { ...decision, allowed: false, status: 'error', reasons: [recorded, ...decision.reasons] };
  }

  const changeIds = decision.changes.flatMap((change) => (change.changeId ? [change.changeId] : []));
  io.setOutput('change-ids', changeIds.join(','));
  io.setOutput('status', decision.status);
  io.setOutput('deployment-id', deploymentId === null ? '' : String(deploymentId));
  if (deploymentId !== null) io.exportVariable(DEPLOYMENT_ID_VARIABLE, String(deploymentId));
  await io.appendSummary(
    renderGateSummary({
      environment: inputs.environment,
      sha: inputs.sha,
      decision,
      historyRead: read.ok,
      lastDeployedSha: read.ok ? (read.scope.lastDeployment?.sha ?? null) : null,
      deploymentId,
    }),
  );
  if (decision.allowed) {
    io.info(`Deploy to ${inputs.environment} allowed: ${decision.reasons.join('; ')}`);
    return { failure: null };
  }
  return {
    failure: `Change Gate refused the deploy to ${inputs.environment} (${decision.status}):\n- ${decision.reasons.join('\n- ')}`,
  };
}

type Read = DeployRead;

/** What `wait` waits out: an approval, the end of a freeze, the start of a maintenance window. */
const WAITABLE = new Set<DeployDecision['status']>(['pending', 'frozen', 'outside_window']);

function readOnce(context: GateContext): Promise<Read> {
  const { inputs, port, io } = context;
  return readDeploy({
    port,
    environment: inputs.environment,
    owner: inputs.owner,
    repo: inputs.repo,
    sha: inputs.sha,
    checkName: inputs.checkName,
    trustedApp: { slug: inputs.appSlug, id: inputs.appId },
    log: (message) => io.info(message),
    describeError: actionErrorMessage,
  });
}

function decide(options: {
  context: GateContext;
  read: Read;
  /** Decide on the check runs `read` brought (when it brought the config's), not a new read of them. */
  runsFromRead?: boolean;
}): Promise<DeployDecision> {
  const { inputs, port, clock } = options.context;
  return recheckDeploy({
    port,
    read: options.read,
    runsFromRead: options.runsFromRead === true,
    trustedApp: { slug: inputs.appSlug, id: inputs.appId },
    sha: inputs.sha,
    environment: inputs.environment,
    at: clock.now(),
    describeError: actionErrorMessage,
  });
}

async function waitIfAsked(options: {
  context: GateContext;
  read: Read;
  decision: DeployDecision;
}): Promise<DeployDecision> {
  const { context, read } = options;
  const { inputs, io, clock } = context;
  let { decision } = options;
  if (!inputs.wait) return decision;
  const deadline = clock.now().getTime() + inputs.timeoutMs;
  for (;;) {
    if (!WAITABLE.has(decision.status)) return decision;
    const now = clock.now().getTime();
    if (decision.status === 'frozen' && decision.freeze && Date.parse(decision.freeze.endsAt) > deadline) {
      return withReason(
        decision,
        `the freeze ends after the wait's timeout (${formatDuration(inputs.timeoutMs)}): not waiting`,
      );
    }
    if (decision.status === 'outside_window') {
      const next = decision.maintenance?.next ?? null;
      if (next === null) return withReason(decision, 'no maintenance window lies ahead: not waiting');
      if (Date.parse(next.startsAt) > deadline) {
        return withReason(
          decision,
          `the next maintenance window opens after the wait's timeout (${formatDuration(inputs.timeoutMs)}): not waiting`,
        );
      }
    }
    if (now + inputs.intervalMs > deadline) {
      return withReason(
        decision,
        `timed out after waiting ${formatDuration(inputs.timeoutMs)} for the deploy to be allowed`,
      );
    }
    io.info(
      `Waiting (${decision.status}): ${decision.reasons.join('; ')}. Next check in ${formatDuration(inputs.intervalMs)}, giving up in ${formatDuration(deadline - now)}.`,
    );
    await clock.sleep(inputs.intervalMs);
    decision = await decide({ context, read });
  }
}

async function recordDeployment(options: {
  context: GateContext;
  decision: DeployDecision;
  read: Read & { ok: true };
}): Promise<number | string> {
  const { context, decision, read } = options;
  const { inputs, port } = context;
  const ids = decision.changes.flatMap((change) => (change.changeId ? [change.changeId] : []));
  const what = ids.length > 0 ? ids.join(', ') : 'no change requests';
  try {
    const { id } = await port.createDeployment({
      sha: inputs.sha,
      environment: inputs.environment,
      description: `Change Gate: ${what}`.slice(0, MAX_DESCRIPTION_CHARS),
      payload: buildDeployPayload({
        changes: decision.changes,
        pullRequests: read.scope.pullRequests,
        policy: read.policy,
      }),
    });
    // No `in_progress` status: the app records the deployment's creation as its start (implementing).
    return id;
  } catch (error) {
    const maybe = mayHaveWritten(error)
      ? ' (GitHub may have created it all the same: it shows as started until a later deploy to this environment finishes; rerun the job to deploy)'
      : '';
    return `the deploy was allowed but could not be recorded as a GitHub deployment, so it is refused: ${actionErrorMessage(error)}${maybe}`;
  }
}

function withReason(decision: DeployDecision, reason: string): DeployDecision {
  return { ...decision, reasons: [...decision.reasons, reason] };
}
