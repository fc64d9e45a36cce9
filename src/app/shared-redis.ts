import { createRedisConnection, type RedisConnection } from '../redis/redis-connection.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';

/**
 * The process's one Redis connection for `REDIS_URL`, opened by whichever part asks first (the Octokit's
 * throttle or the replicas' locks and claims), with that part's logger: one client, one line per transition.
 */
export interface SharedRedis {
  /** The connection, or undefined without `REDIS_URL`. */
  connect(log: Pick<UseCaseLog, 'info' | 'warn'>): RedisConnection | undefined;
}

/** `env` is read at the first `connect` (Probot's `run` loads `.env` into `process.env` before that). */
export const sharedRedis = (env: Record<string, string | undefined>): SharedRedis => {
  let connection: RedisConnection | undefined;
  return {
    connect(log) {
      const url = env.REDIS_URL?.trim();
      if (!url) return undefined;
      connection ??= createRedisConnection({ url, log });
      return connection;
    },
  };
};
