import type { DeployPort } from '../../src/github/ports/deploy-port.ts';

type DeployStartQuery = Parameters<DeployPort['readDeployStart']>[0];

/**
 * The port with the gate's first read (`readDeployStart`: the default branch, the config, the deployed commit's
 * pull requests, the environment's newest deployments) sent now, before the gate's code is initialised (its
 * policy, YAML and decision modules: run.ts imports it after this): the two overlap instead of following each
 * other. The first `readDeployStart` asked for the same query gets that answer, or its failure (the gate then
 * refuses, as it does when the read fails); any other read is sent as asked. Nothing is decided or written
 * here.
 */
export function prefetchDeployStart(port: DeployPort, query: DeployStartQuery): DeployPort {
  let pending: ReturnType<DeployPort['readDeployStart']> | null = port.readDeployStart(query);
  // Its failure is the gate's to report, when it asks; unasked (the gate stopped before), it is no crash.
  pending.catch(() => {});
  return {
    ...port,
    readDeployStart(asked) {
      const same =
        asked.configPath === query.configPath &&
        asked.sha === query.sha &&
        asked.environment === query.environment;
      if (pending && same) {
        const answer = pending;
        pending = null;
        return answer;
      }
      return port.readDeployStart(asked);
    },
  };
}
