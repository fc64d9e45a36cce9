import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CliIo } from './cli-io.ts';

export const REPOSITORY_CONFIG = '.github/change-management.yml';

/** A repository's own config, found from a file (or the working directory): its path and the git root. */
export interface RepositoryConfig {
  /** The config's path as the CLI reads it (relative to the working directory when inside it). */
  path: string;
  root: string;
}

/**
 * The git root above START (a directory holding `.git`, a directory or a worktree's file), and its
 * `.github/change-management.yml` when it has one; null outside a repository or without the file.
 */
export function findRepositoryConfig(
  start: string,
  io: Pick<CliIo, 'exists' | 'cwd'>,
): RepositoryConfig | null {
  const cwd = io.cwd();
  let directory = isAbsolute(start) ? start : resolve(cwd, start);
  for (;;) {
    if (io.exists(join(directory, '.git'))) {
      const config = join(directory, REPOSITORY_CONFIG);
      if (!io.exists(config)) return null;
      const fromCwd = relative(cwd, config);
      return { path: fromCwd.startsWith('..') || isAbsolute(fromCwd) ? config : fromCwd, root: directory };
    }
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}
