/** The directory under the runner's tool cache where the action's compiled code is kept. */
export const COMPILE_CACHE_DIR = 'change-gate-compile-cache';

/** `RUNNER_ENVIRONMENT` on GitHub's own runners (`self-hosted` on the others), a fresh machine for each job. */
export const GITHUB_HOSTED = 'github-hosted';

/** Group- or world-writable: another user could replace what is in it. */
const WRITABLE_BY_OTHERS = 0o022;

/** What `enableCompileCache` uses (Node's built-ins by default; a test hands its own `enable`). */
export interface CompileCacheDeps {
  enable?: (directory: string) => { directory?: string };
  /** The current user's id; null where Node has none (Windows): nothing can be checked, nothing is cached. */
  uid?: number | null;
  /** Where it says why no cache is used (one `::debug::` line, shown only in a step's debug log). */
  debug?: (message: string) => void;
}

/**
 * Turns on Node's compile cache (`module.enableCompileCache`, Node ≥ 22.1) for the bundles loaded after this,
 * in `$RUNNER_TOOL_CACHE/change-gate-compile-cache`: the runner's own directory for tools, kept between jobs on
 * a self-hosted runner (not the shared temporary directory). A V8 code cache is code: it is used only when the
 * tool cache and our directory in it (created with mode 0700) are directories, not symbolic links, owned by the
 * user the action runs as and writable by no group or other user; else (a tool cache shared across users,
 * another user's directory planted in it) nothing is cached and one debug line says why. A GitHub-hosted
 * runner (`RUNNER_ENVIRONMENT=github-hosted`) starts every job on a fresh machine: no later job could read the
 * cache, so none is turned on there (writing it, at exit, cost each gate about 3 ms CPU, -2.7 ms the median of 40
 * paired runs, and about 12 ms before the process ended: bench/action.bench.ts). Without `RUNNER_TOOL_CACHE` (not
 * on a runner) nothing is cached; `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as for any Node program. Node
 * checks each entry against the file's contents and its own version and flags and compiles again on any
 * mismatch; a cache that cannot be written or read is no error. Only an optimisation: returns the directory in
 * use, or null.
 */
export function enableCompileCache(
  env: NodeJS.ProcessEnv = process.env,
  deps: CompileCacheDeps = {},
): string | null {
  const base = env.RUNNER_TOOL_CACHE;
  if (!base || env.RUNNER_ENVIRONMENT === GITHUB_HOSTED) return null;
  const debug =
    deps.debug ?? ((message: string) => process.stdout.write(`::debug::Change Gate: ${message}\n`));
  try {
    // Without an `import` of node:module, node:fs or node:path: the entry's only static import is the banner's.
    const { enableCompileCache: enable } = process.getBuiltinModule('node:module');
    const { lstatSync, mkdirSync } = process.getBuiltinModule('node:fs');
    const { join } = process.getBuiltinModule('node:path');
    const uid = deps.uid !== undefined ? deps.uid : (process.getuid?.() ?? null);
    const unsafe = (path: string): string | null => {
      if (uid === null) return 'no user id to check its owner against';
      const stat = lstatSync(path);
      if (!stat.isDirectory()) return `${path} is not a directory (or is a symbolic link)`;
      if (stat.uid !== uid) return `${path} is owned by user ${stat.uid}, not ${uid}`;
      if ((stat.mode & WRITABLE_BY_OTHERS) !== 0) return `${path} is writable by its group or other users`;
      return null;
    };
    const directory = join(base, COMPILE_CACHE_DIR);
    let reason = unsafe(base);
    if (reason === null) {
      try {
        mkdirSync(directory, { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      reason = unsafe(directory);
    }
    if (reason !== null) {
      debug(`no compile cache: ${reason}`);
      return null;
    }
    return (deps.enable ?? enable)(directory).directory ?? null;
  } catch (error) {
    debug(`no compile cache: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
