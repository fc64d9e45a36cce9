import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { ConfigResolveError, resolveConfig } from '../core/policy/resolve-config.ts';
import type { Problem } from '../core/validation/problem.ts';
import type { ConfigFilePort } from '../github/ports/config-file-port.ts';

/** The config exists but is not valid: the gate refuses rather than guess. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The policy in force, read exactly as the app reads it (`resolveConfig`: the default branch, the owner's
 * `.github` fallback, `_extends`), never at the deployed commit: a deploy cannot lower its own bar by
 * changing, emptying or deleting the config in the commit it ships. No file anywhere: the procedure's
 * defaults. A file that cannot be read or used throws (the gate refuses with the reason).
 */
export async function loadGatePolicy(options: {
  port: ConfigFilePort;
  owner: string;
  repo: string;
  /**
   * The repository's own file as a read of its default branch gave it (null: absent); undefined: not read
   * (or not whole), then the port reads it like every other file the config extends.
   */
  ownFile?: string | null | undefined;
  log(message: string): void;
}): Promise<{ policy: Policy; source: string; warnings: Problem[] }> {
  const { port, owner, repo, ownFile } = options;
  const own = (location: { owner: string; repo: string; path: string }) =>
    location.path === CONFIG_PATH &&
    location.owner.toLowerCase() === owner.toLowerCase() &&
    location.repo.toLowerCase() === repo.toLowerCase();
  let resolved: Awaited<ReturnType<typeof resolveConfig>>;
  try {
    resolved = await resolveConfig({
      owner,
      repo,
      path: CONFIG_PATH,
      read: async (location) =>
        ownFile !== undefined && own(location) ? ownFile : port.readConfigFile(location),
    });
  } catch (error) {
    if (error instanceof ConfigResolveError)
      throw new ConfigError(`the config cannot be read: ${error.message}`);
    throw error;
  }
  if (resolved.config === null) {
    options.log(
      `No ${CONFIG_PATH} on the default branch of ${owner}/${repo} nor in ${owner}/.github: using the procedure's defaults.`,
    );
    return { ...loaded({ input: null, source: 'defaults' }), source: 'defaults' };
  }
  const source = `${resolved.files.join(' extending ')} (default branch)`;
  return { ...loaded({ input: resolved.config, source }), source };
}

function loaded(options: { input: unknown; source: string }): { policy: Policy; warnings: Problem[] } {
  const result = loadPolicy(options.input);
  if (result.status === 'valid') return { policy: result.policy, warnings: result.warnings };
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
