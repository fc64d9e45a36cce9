import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startProcessGroup } from './start-process-group.ts';

export interface AppProcess {
  pid: number;
  /** Everything the app wrote to stdout and stderr so far, interleaved in arrival order. */
  logs(): string;
  /** Length of `logs()` now: pass it to `logsSince` to get one test's output. */
  logOffset(): number;
  logsSince(offset: number): string;
  exitCode(): number | null;
  stop(): Promise<void>;
}

export interface SpawnAppOptions {
  repoRoot: string;
  /**
   * `npm start` (what a user runs), `node dist/app.js` as the container runs it (`container`: node itself, not
   * npm, without the image's V8 options; built first, as `npm start` builds it; node is the group's leader, so
   * its exit code is the group's), or `probot run
   * <appPath>` for another app file.
   */
  command: 'npm-start' | 'container' | 'probot-run';
  appPath: string;
  env: Record<string, string>;
}

/** Node 24 pinned by the project (node_modules/.bin/node) when present, else the running Node. */
const nodeBinary = (repoRoot: string): string => {
  const pinned = join(repoRoot, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
};

/**
 * Starts the app as its own process group so that `stop()` ends it and everything it spawned (npm
 * runs probot in a child shell) without touching any other process.
 */
export const spawnApp = (options: SpawnAppOptions): AppProcess => {
  const { repoRoot } = options;
  const binDir = join(repoRoot, 'node_modules', '.bin');
  const env = {
    ...options.env,
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? repoRoot,
  };
  const group =
    options.command === 'npm-start'
      ? startProcessGroup('npm', ['start', '--silent'], { cwd: repoRoot, env })
      : options.command === 'container'
        ? startProcessGroup('sh', ['-c', 'node scripts/build-app.ts --or-sources && exec node dist/app.js'], {
            cwd: repoRoot,
            env,
          })
        : startProcessGroup(
            nodeBinary(repoRoot),
            [join(repoRoot, 'node_modules', 'probot', 'bin', 'probot.js'), 'run', options.appPath],
            { cwd: repoRoot, env },
          );
  return {
    pid: group.pid,
    logs: () => group.output(),
    logOffset: () => group.output().length,
    logsSince: (offset) => group.output().slice(offset),
    exitCode: () => group.exitCode(),
    stop: () => group.stop(),
  };
};

/** Polls the app's HTTP server until it answers, the process dies, or the time is up. */
export const waitUntilListening = async (options: {
  url: string;
  app: AppProcess;
  timeoutMs: number;
}): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.app.exitCode() !== null) {
      throw new Error(
        `the app exited with code ${options.app.exitCode()} before listening:\n${options.app.logs()}`,
      );
    }
    try {
      await fetch(options.url, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(
    `the app did not listen on ${options.url} within ${options.timeoutMs} ms:\n${options.app.logs()}`,
  );
};
