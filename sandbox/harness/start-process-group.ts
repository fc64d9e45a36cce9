import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessGroup {
  pid: number;
  /** Everything the process wrote to stdout and stderr so far, interleaved in arrival order. */
  output(): string;
  exitCode(): number | null;
  /** SIGTERM to the whole group, SIGKILL after 3 s (or once the group is gone), and once more for any left. */
  stop(): Promise<void>;
}

/**
 * Starts a command as its own process group, collecting its output, so that `stop()` ends it and
 * everything it spawned (npm runs probot in a child shell) without touching any other process.
 */
export const startProcessGroup = (
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): ProcessGroup => {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    });
  });
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    pid,
    output: () => output,
    exitCode: () => exited,
    async stop() {
      if (exited === null) {
        signalGroup('SIGTERM');
        const deadline = Date.now() + 3000;
        const timer = setTimeout(() => signalGroup('SIGKILL'), 3000);
        await exit;
        // The leader (npm) may exit before its children: they get the rest of the 3 s to end on their own
        // (a profiled process writes its profile at exit).
        while (groupAlive(pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
        clearTimeout(timer);
      }
      signalGroup('SIGKILL');
    },
  };
};

/**
 * Whether a live process of the group is left: signal 0 says whether any is, then on Linux /proc whether one is
 * not a zombie (dead and waiting for PID 1 to reap it, which signal 0 still counts).
 */
const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
  } catch {
    return false;
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      // After the command's name (in parentheses, which may hold spaces): state, ppid, pgrp, …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return pgrp === String(pid) && state !== 'Z';
    } catch {
      return false;
    }
  });
};
