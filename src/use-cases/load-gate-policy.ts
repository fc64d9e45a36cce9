import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { shortSha } from '../core/text/short-sha.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';

/** The config exists but is not valid: the gate refuses rather than guess. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The policy in force for the commit being deployed: the repository's config file at that SHA, else
 * the owner's `.github` repository's (default branch), else the procedure's defaults. `_extends` is not
 * followed here (the app, through Probot, does follow it).
 */
export async function loadGatePolicy(options: {
  port: DeployPort;
  path: string;
  sha: string;
  log(message: string): void;
}): Promise<{ policy: Policy; source: string }> {
  const { port, path, sha } = options;
  let text = await port.readFile({ path, ref: sha });
  let source = `${path} at ${shortSha(sha)}`;
  if (text === null) {
    text = await port.readOrgFile(path);
    source = `.github/${path} of the owner`;
  }
  if (text === null) {
    options.log(
      `No ${path} at ${shortSha(sha)} nor in the owner's .github repository: using the procedure's defaults.`,
    );
    return { policy: loaded({ input: null, source: 'defaults' }), source: 'defaults' };
  }
  return { policy: loaded({ input: text, source }), source };
}

function loaded(options: { input: string | null; source: string }): Policy {
  const result = loadPolicy(options.input);
  if (result.status === 'valid') return result.policy;
  const lines = result.problems
    .filter((problem) => problem.severity === 'error')
    .slice(0, 10)
    .map((problem) => {
      const where =
        problem.line > 0 ? `line ${problem.line}, column ${problem.column}` : (problem.path ?? '');
      return `  ${where}: ${problem.message}`;
    });
  throw new ConfigError(`${options.source} is not a valid Change Gate config:\n${lines.join('\n')}`);
}
