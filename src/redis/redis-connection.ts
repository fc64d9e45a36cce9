import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { errorMessage } from '../github/ports/error-message.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';

/** One shared ioredis client and whether Redis answers right now (what the fallbacks ask). */
export interface RedisConnection {
  client: Redis;
  /** True while the client is connected and ready; a command may still fail (then the caller falls back). */
  up(): boolean;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  /** Milliseconds to open a connection; also the longest a command waits for an answer. Default 1000. */
  timeoutMs?: number;
  /** Told each transition, as it is logged: true when Redis becomes reachable, false when it stops being. */
  onChange?: (up: boolean) => void;
}

const requireHere = createRequire(import.meta.url);

/**
 * ioredis, loaded at the first connection: a process without `REDIS_URL` never loads it (its 36 modules are
 * about 2 MiB of heap and compiled code in every replica-less process otherwise).
 */
const loadRedis = (): typeof Redis => (requireHere('ioredis') as typeof import('ioredis')).Redis;

/** Keeps trying to reconnect, never more than 2 s apart, however long Redis is gone. */
const reconnectDelayMs = (attempt: number): number => Math.min(100 * attempt, 2_000);

/**
 * The app's client for `REDIS_URL`: short connect and command timeouts and no offline queue, so that a
 * command fails at once while Redis is unreachable (the caller then falls back to per-process behaviour)
 * instead of waiting in a queue that grows with every webhook. Down and up are logged once per transition.
 */
export const createRedisConnection = (options: RedisConnectionOptions): RedisConnection => {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const client = new (loadRedis())(options.url, {
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: reconnectDelayMs,
    connectionName: 'change-gate',
  });
  const where = redactedUrl(options.url);
  // null until the first connection attempt settles: the first "up" is logged, the first "down" too.
  let state: 'up' | 'down' | null = null;
  // Closed on purpose (a stopping process): the connection's end is not an outage.
  let closing = false;
  const becomes = (next: 'up' | 'down', reason?: string): void => {
    if (state === next || closing) return;
    state = next;
    options.onChange?.(next === 'up');
    if (next === 'up') {
      options.log.info(
        `Redis at ${where} is reachable: locks, delivery and notification claims, the sweep's runner, the spacing of GitHub writes and the REST API's rate limit are shared by the replicas`,
      );
    } else {
      options.log.warn(
        `Redis at ${where} is unreachable (${reason ?? 'connection closed'}): each replica falls back to its own locks, claims, spacing of GitHub writes (writes are idempotent) and REST API rate limit until it is back`,
      );
    }
  };
  coalesceWrites(client);
  client.on('ready', () => becomes('up'));
  // Every failed reconnect emits an error: one line per transition, not per attempt.
  client.on('error', (error: unknown) => becomes('down', errorMessage(error)));
  client.on('end', () => becomes('down'));
  client.on('close', () => {
    if (state === 'up') becomes('down');
  });
  return {
    client,
    up: () => client.status === 'ready',
    async close() {
      closing = true;
      client.disconnect(false);
    },
  };
};

/**
 * Every command sent during one turn of the event loop leaves in one write: the socket is corked at the first
 * and uncorked once the turn's I/O callbacks ran (`setImmediate`). Under a burst, the claims, marks and
 * `handled` writes of the webhooks that arrived together share one system call each way (Redis reads them
 * together and answers them in one write) instead of one per command; the order of the commands is kept (one
 * connection, one stream). A command waits at most until the end of the turn it was sent in.
 */
const coalesceWrites = (client: Redis): void => {
  let corked: Redis['stream'] | null = null;
  const uncork = (): void => {
    const stream = corked;
    corked = null;
    stream?.uncork();
  };
  const send = client.sendCommand.bind(client);
  client.sendCommand = (command, stream) => {
    if (corked === null && client.stream !== undefined) {
      client.stream.cork();
      corked = client.stream;
      setImmediate(uncork);
    }
    return send(command, stream);
  };
};

/** The URL without its password, for logs. */
export const redactedUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL (not a URL)';
  }
};
