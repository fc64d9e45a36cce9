/** The directory under the runner's tool cache where the action's compiled code is kept. */
export const COMPILE_CACHE_DIR = 'change-gate-compile-cache';

/**
 * Turns on Node's compile cache (`module.enableCompileCache`, Node ≥ 22.1) for the bundles loaded after this,
 * in `$RUNNER_TOOL_CACHE/change-gate-compile-cache`: the runner's own directory for tools, owned by the user the
 * runner runs as (not the shared temporary directory, where another user could plant compiled code), and kept
 * between jobs on a self-hosted runner. A GitHub-hosted runner starts every job on a fresh machine: the cache
 * is empty there and each run compiles as without it (and writes a cache nobody reads). Without
 * `RUNNER_TOOL_CACHE` (not on a runner) nothing is cached; `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as for
 * any Node program. Node checks each entry against the file's contents and its own version and flags and
 * compiles again on any mismatch; a cache that cannot be written or read is no error. Only an optimisation:
 * returns the directory in use, or null.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): string | null {
  const base = env.RUNNER_TOOL_CACHE;
  if (!base) return null;
  try {
    // Without an `import` of node:module: the entry's only static import is the bundle's banner.
    const { enableCompileCache: enable } = process.getBuiltinModule('node:module');
    const { join } = process.getBuiltinModule('node:path');
    return enable(join(base, COMPILE_CACHE_DIR)).directory ?? null;
  } catch {
    return null;
  }
}
