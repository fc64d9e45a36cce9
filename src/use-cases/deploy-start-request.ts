import type { TrustedApp } from '../core/deploy/deploy-input.ts';
import { deployedCheckName } from '../core/deploy/deployed-check.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';

/** The check name a config that does not name one gives the gate (default-policy.ts). */
const DEFAULT_CHECK_NAME = 'Change Gate';

/**
 * What the gate's first read (`readDeployStart`) asks for: the config file, the deployed commit, the
 * environment and the trusted app's check runs on the pull requests' heads and its vouchers on the
 * deployments' commits (by its id when known, else every app's runs of those names, kept by slug when
 * decided) under the name the policy most likely gives them (the action's
 * `check-name`, else the default; used only when the policy read with them names the same). One builder for
 * `readDeploy` and the action's early read, so that both ask the same.
 */
export function deployStartRequest(options: {
  sha: string;
  environment: string;
  checkName?: string | null;
  trustedApp: TrustedApp;
}): Parameters<DeployPort['readDeployStart']>[0] {
  const { sha, environment } = options;
  const appId = options.trustedApp.id;
  const checkName = options.checkName || DEFAULT_CHECK_NAME;
  return {
    configPath: CONFIG_PATH,
    sha,
    environment,
    gateRuns: { appId, checkName, vouchName: deployedCheckName({ checkName, environment }) },
  };
}
