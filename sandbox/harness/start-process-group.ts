import { type ChildProcess, spawn } from 'node:child_process';

export interface ProcessGroup {
  pid: number;
  /** Everything the process wrote to stdout and stderr so far, interleaved in arrival order. */
  output(): string;
  exitCode(): number | null;
  /** SIGTERM to the whole group, SIGKILL after 3 s, and SIGKILL once more for children that outlived it. */
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
        const timer = setTimeout(() => signalGroup('SIGKILL'), 3000);
        await exit;
        clearTimeout(timer);
      }
      signalGroup('SIGKILL');
    },
  };
};
