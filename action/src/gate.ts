import { decideDeploy } from '../../src/core/deploy/decide-deploy.ts';
import type { DeployDecision, DeployInput } from '../../src/core/deploy/deploy-input.ts';
import { MAX_DESCRIPTION_CHARS } from '../../src/core/deploy/deployment-outcome.ts';
import type { Policy } from '../../src/core/policy.ts';
import { DEPLOYMENT_ID_VARIABLE, type GateInputs } from './action-inputs.ts';
import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import { buildDeployPayload } from './build-deploy-payload.ts';
import { collectDeployScope, type DeployScope } from './collect-deploy-scope.ts';
import type { DeployPort } from './deploy-port.ts';
import { loadGatePolicy } from './load-gate-policy.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import { renderGateSummary } from './render-gate-summary.ts';

const EMERGENCY_LABEL = 'change:emergency';

interface GateContext {
  inputs: GateInputs;
  port: DeployPort;
  io: ActionIO;
  clock: Clock;
}

/**
 * `gate`: 1. read the policy and what the deploy ships; 2. decide, and with `wait` decide again every
 * interval until allowed, refused for good or timed out; 3. when allowed, record the deployment;
 * 4. outputs and job summary. Anything unreadable refuses the deploy (fail closed).
 */
export async function gate(context: GateContext): Promise<CommandOutcome> {
  const { inputs, io } = context;
  const read = await readOnce(context);
  let decision = await decide({ context, read });
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

type Read =
  | { ok: true; policy: Policy; checkName: string; scope: DeployScope }
  | { ok: false; error: string };

async function readOnce(context: GateContext): Promise<Read> {
  const { inputs, port, io } = context;
  try {
    const { policy, source } = await loadGatePolicy({
      port,
      path: inputs.configPath,
      sha: inputs.sha,
      log: (message) => io.info(message),
    });
    io.info(`Policy: ${source}.`);
    const scope = await collectDeployScope({
      port,
      environment: inputs.environment,
      sha: inputs.sha,
      needFiles: policy.scope.paths.length > 0,
    });
    io.info(
      `${scope.commits.length} commit(s) since ${scope.lastDeployment ? `the last successful deployment (${scope.lastDeployment.sha.slice(0, 7)})` : 'the start (first deployment)'}; pull requests: ${scope.pullRequests.map((pr) => `#${pr.number}`).join(', ') || 'none'}.`,
    );
    return { ok: true, policy, checkName: inputs.checkName ?? policy.check_name, scope };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

async function decide(options: { context: GateContext; read: Read }): Promise<DeployDecision> {
  const { context, read } = options;
  const { inputs, port, clock } = context;
  const base: DeployInput = {
    checkName: read.ok ? read.checkName : (inputs.checkName ?? 'Change Gate'),
    trustedApp: { slug: inputs.appSlug, id: inputs.appId },
    pullRequests: [],
    commitsWithoutPullRequest: [],
    branch: inputs.branch,
    scope: { branches: [], paths: [] },
    freezeWindows: [],
    emergencyLabel: EMERGENCY_LABEL,
    at: clock.now(),
    readError: read.ok ? null : read.error,
  };
  if (!read.ok) return decideDeploy(base);
  const { policy, scope } = read;
  try {
    const pullRequests = await mapWithConcurrency({
      items: scope.pullRequests,
      limit: 4,
      map: async (pr) => ({
        number: pr.number,
        title: pr.title,
        headSha: pr.headSha,
        labels: pr.labels,
        checkRuns: await port.checkRunsOf({ sha: pr.headSha, checkName: read.checkName }),
      }),
    });
    return decideDeploy({
      ...base,
      pullRequests,
      commitsWithoutPullRequest: scope.commitsWithoutPullRequest,
      scope: policy.scope,
      freezeWindows: policy.freeze_windows,
      at: clock.now(),
    });
  } catch (error) {
    return decideDeploy({ ...base, readError: messageOf(error) });
  }
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
    if (decision.status !== 'pending' && decision.status !== 'frozen') return decision;
    const now = clock.now().getTime();
    if (decision.status === 'frozen' && decision.freeze && Date.parse(decision.freeze.endsAt) > deadline) {
      return withReason(
        decision,
        `the freeze ends after the wait's timeout (${formatMs(inputs.timeoutMs)}): not waiting`,
      );
    }
    if (now + inputs.intervalMs > deadline) {
      return withReason(
        decision,
        `timed out after waiting ${formatMs(inputs.timeoutMs)} for the deploy to be allowed`,
      );
    }
    io.info(
      `Waiting (${decision.status}): ${decision.reasons.join('; ')}. Next check in ${formatMs(inputs.intervalMs)}, giving up in ${formatMs(deadline - now)}.`,
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
    await port.createDeploymentStatus({
      deploymentId: id,
      state: 'in_progress',
      description: `Deploying ${what}`.slice(0, MAX_DESCRIPTION_CHARS),
      logUrl: inputs.runUrl,
    });
    return id;
  } catch (error) {
    return `the deploy was allowed but could not be recorded as a GitHub deployment, so it is refused: ${messageOf(error)}`;
  }
}

function withReason(decision: DeployDecision, reason: string): DeployDecision {
  return { ...decision, reasons: [...decision.reasons, reason] };
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if ((error as { status?: number }).status === 403 && /not accessible by integration/i.test(text)) {
    return `${text}: grant the job permissions contents: read, pull-requests: read, checks: read, deployments: write`;
  }
  return text.slice(0, 2000);
}
