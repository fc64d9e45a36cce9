import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../sandbox/harness/free-port.ts';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILL: Redis vanishes as in a crash (nothing is saved). */
  kill(): Promise<void>;
  /** Starts Redis again on the same port (empty: nothing was saved). */
  restart(): Promise<void>;
  /** Kills it if it runs; for afterAll. */
  stop(): Promise<void>;
}

/** Resolves once something answers `PING` with `+PONG` on the port, or rejects after `timeoutMs`. */
const waitForPong = async (port: number, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
      socket.setTimeout(500, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * A real redis-server (Debian's) on a free loopback port, with no persistence (`--save '' --appendonly no`),
 * owned by the test: kill it in afterAll with `stop()`.
 */
export const startRedisServer = async (): Promise<RedisServer> => {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const start = async (): Promise<void> => {
    const started = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child = started;
    try {
      await waitForPong(port, 10_000);
    } catch (error) {
      started.kill('SIGKILL');
      throw new Error(`${error instanceof Error ? error.message : String(error)}:\n${output}`);
    }
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: start,
    stop: kill,
  };
};

/** A logger that keeps its lines (`info …`, `warn …`), for asserting what the Redis adapters said. */
export const logLines = () => {
  const lines: string[] = [];
  return {
    lines,
    info: (fields: Record<string, unknown> | string, message?: string) =>
      lines.push(`info ${message ?? String(fields)}`),
    warn: (message: string) => lines.push(`warn ${message}`),
  };
};
