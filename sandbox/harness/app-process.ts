import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
  /** `npm start` (what a user runs) or `probot run <appPath>` for another app file. */
  command: 'npm-start' | 'probot-run';
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
  const child: ChildProcess =
    options.command === 'npm-start'
      ? spawn('npm', ['start', '--silent'], {
          cwd: repoRoot,
          env,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn(
          nodeBinary(repoRoot),
          [join(repoRoot, 'node_modules', 'probot', 'bin', 'probot.js'), 'run', options.appPath],
          {
            cwd: repoRoot,
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
  if (child.pid === undefined) throw new Error(`could not start the app (${options.command})`);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    });
  });
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    pid,
    logs: () => output,
    logOffset: () => output.length,
    logsSince: (offset) => output.slice(offset),
    exitCode: () => exited,
    async stop() {
      if (exited !== null) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
      // npm's child (probot) may outlive npm itself for a moment.
      signalGroup('SIGKILL');
    },
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
