import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { ProtectionRulePort } from '../github/ports/protection-rule-port.ts';
import { answerProtectionRule } from './answer-protection-rule.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface ReleasedDeploy {
  runId: number;
  environment: string;
}

/**
 * Approves the runs that wait on this app's protection rule and are now allowed, right after an approval
 * (DESIGN: state is derived): 1. the repository's waiting runs; 2. the environments each waits on, kept
 * when this app's rule is enabled there (or that cannot be read: GitHub refuses a review that is not ours);
 * 3. the same decision as when the rule was requested, approved ones answered. Nothing is remembered between
 * events; a run still pending keeps waiting, a refused one is left for GitHub's timeout or a re-run.
 * Never throws: the approval that triggered this is already recorded; failures are logged.
 */
export async function releaseWaitingDeploys(options: {
  deps: Pick<UseCaseDeps, 'identity' | 'now'>;
  deployPort: DeployPort;
  rulesPort: ProtectionRulePort;
  /** The repository whose runs wait: its default branch holds the policy. */
  repository: { owner: string; repo: string };
  log: UseCaseLog;
}): Promise<ReleasedDeploy[]> {
  const { deps, rulesPort, log } = options;
  const released: ReleasedDeploy[] = [];
  try {
    const runs = await rulesPort.listWaitingRuns();
    if (runs.length === 0) return released;
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
        if (!(await isOurs(environment))) continue;
        try {
          const { answer } = await answerProtectionRule({
            deps,
            deployPort: options.deployPort,
            rulesPort,
            log,
            repository: options.repository,
            target: { runId: run.id, environment, sha: run.headSha, branch: run.headBranch },
            approveOnly: true,
          });
          if (answer === 'approved') released.push({ runId: run.id, environment });
        } catch (error) {
          // E.g. this app's rule was answered already and a reviewer's approval is what the run waits for.
          log.warn(`waiting run ${run.id} to ${environment} not released: ${errorMessage(error)}`);
        }
      }
    }
  } catch (error) {
    log.warn(`waiting deploys not looked at: ${errorMessage(error)} (does the app have actions: read?)`);
  }
  return released;
}
