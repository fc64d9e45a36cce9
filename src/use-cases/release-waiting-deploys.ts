import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { ProtectionRulePort } from '../github/ports/protection-rule-port.ts';
import { answerProtectionRule, type ProtectionRuleTarget } from './answer-protection-rule.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';
import { type KnownWaitingRun, type WaitingRuns, waitingRunField, waitingRunsKey } from './waiting-runs.ts';

export interface ReleasedDeploy {
  runId: number;
  environment: string;
}

/**
 * Approves the runs that wait on this app's protection rule and are now allowed, right after an approval
 * (DESIGN: state is derived): 1. the runs this app's rule left waiting (`known`, from GitHub's events; each
 * read again from GitHub, its commit the one GitHub gives), and,
 * when `listAll`, the repository's waiting runs as GitHub lists them, each environment they wait on kept
 * when this app's rule is enabled there (or that cannot be read: GitHub refuses a review that is not ours);
 * 2. per run and environment the same decision as when the rule was requested, read afresh from GitHub,
 * approved ones answered. A run still pending keeps waiting; one released or one GitHub no longer lets this
 * app answer is forgotten; a refused one is left for GitHub's timeout or a re-run. Which runs are known
 * decides only which are looked at, never whether one is approved.
 * Never throws: the approval that triggered this is already recorded; failures are logged.
 */
export async function releaseWaitingDeploys(options: {
  deps: Pick<UseCaseDeps, 'identity' | 'now' | 'gateApprovals'>;
  deployPort: DeployPort;
  rulesPort: ProtectionRulePort;
  /** The repository whose runs wait: its default branch holds the policy. */
  repository: { owner: string; repo: string };
  log: UseCaseLog;
  /** The runs this app's rule left waiting; absent: none are known, every release lists them. */
  known?: WaitingRuns;
  /** List the repository's waiting runs from GitHub too (always when nothing is `known`). */
  listAll?: boolean;
}): Promise<ReleasedDeploy[]> {
  const { deps, rulesPort, log, known } = options;
  const repository = waitingRunsKey(options.repository);
  const released: ReleasedDeploy[] = [];
  const targets = new Map<string, ProtectionRuleTarget>();
  if (known) {
    const runs = await known.list(repository).catch((error: unknown) => {
      log.warn(`the waiting runs this app knows of cannot be read: ${errorMessage(error)}`);
      return [];
    });
    for (const run of runs) {
      const target = await stillWaiting({ run, rulesPort, log });
      if (target === 'gone') await known.remove(repository, run).catch(() => undefined);
      else if (target !== 'unread') targets.set(waitingRunField(run), target);
    }
  }
  if (options.listAll !== false || !known) {
    for (const target of await listedTargets(options)) {
      const field = waitingRunField(target);
      if (!targets.has(field)) targets.set(field, target);
    }
  }
  for (const target of targets.values()) {
    const { runId, environment } = target;
    try {
      const { answer } = await answerProtectionRule({
        deps,
        deployPort: options.deployPort,
        rulesPort,
        log,
        repository: options.repository,
        target,
        approveOnly: true,
      });
      if (answer !== 'approved') continue;
      released.push({ runId, environment });
    } catch (error) {
      // E.g. this app's rule was answered already and a reviewer's approval is what the run waits for.
      log.warn(`waiting run ${runId} to ${environment} not released: ${errorMessage(error)}`);
    }
    // Answered, or GitHub refuses this app's answer: nothing left to release.
    await known?.remove(repository, { runId, environment }).catch(() => undefined);
  }
  return released;
}

/**
 * A known run as GitHub has it now: the commit the gate decides on is the run's, read afresh (what was
 * stored, in Redis say, never decides what is approved). Gone when it no longer waits or its commit is not
 * the one recorded (then the listing finds it, if it waits); unread when GitHub cannot be asked (kept).
 */
async function stillWaiting(options: {
  run: KnownWaitingRun;
  rulesPort: ProtectionRulePort;
  log: UseCaseLog;
}): Promise<ProtectionRuleTarget | 'gone' | 'unread'> {
  const { run, log } = options;
  let current: Awaited<ReturnType<ProtectionRulePort['waitingRun']>>;
  try {
    current = await options.rulesPort.waitingRun(run.runId);
  } catch (error) {
    log.warn(`waiting run ${run.runId} cannot be read: ${errorMessage(error)}`);
    return 'unread';
  }
  if (current === null) return 'gone';
  if (current.headSha.toLowerCase() !== run.sha.toLowerCase()) {
    log.warn(
      `waiting run ${run.runId} is on ${current.headSha}, not the commit recorded for it: not released`,
    );
    return 'gone';
  }
  return {
    runId: run.runId,
    environment: run.environment,
    sha: current.headSha,
    branch: current.headBranch,
    ...(run.deploymentId === undefined ? {} : { deploymentId: run.deploymentId }),
  };
}

/** The repository's waiting runs as GitHub lists them, per environment guarded by this app's rule. */
async function listedTargets(options: {
  deps: Pick<UseCaseDeps, 'identity'>;
  rulesPort: ProtectionRulePort;
  log: UseCaseLog;
}): Promise<ProtectionRuleTarget[]> {
  const { deps, rulesPort, log } = options;
  const targets: ProtectionRuleTarget[] = [];
  try {
    const runs = await rulesPort.listWaitingRuns();
    if (runs.length === 0) return targets;
    const app = await deps.identity();
    const ours = new Map<string, Promise<boolean>>();
    const isOurs = (environment: string) => {
      const key = environment.toLowerCase();
      if (!ours.has(key)) {
        ours.set(
          key,
          rulesPort.protectionRuleAppIds(environment).then(
            (ids) => ids.includes(app.id),
            () => true,
          ),
        );
      }
      return ours.get(key)!;
    };
    for (const run of runs) {
      const environments = await rulesPort.pendingEnvironments(run.id).catch((error: unknown) => {
        log.warn(`waiting run ${run.id}: its pending environments cannot be read: ${errorMessage(error)}`);
        return [];
      });
      for (const environment of environments) {
        if (await isOurs(environment)) {
          targets.push({ runId: run.id, environment, sha: run.headSha, branch: run.headBranch });
        }
      }
    }
  } catch (error) {
    log.warn(`waiting deploys not looked at: ${errorMessage(error)} (does the app have actions: read?)`);
  }
  return targets;
}
