import { type AppMetrics, setGauge } from '../ops/app-metrics.ts';
import { createRedisConnection, type RedisConnection } from '../redis/redis-connection.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';

/**
 * The process's one Redis connection for `REDIS_URL`, opened by whichever part asks first (the Octokit's
 * throttle or the replicas' locks and claims), logging as `redis` (a child of that part's logger): one client,
 * one line per transition, and `change_gate_redis_connected` following them when given the metrics.
 */
export interface SharedRedis {
  /** The connection, or undefined without `REDIS_URL`. */
  connect(log: Pick<UseCaseLog, 'info' | 'warn'>): RedisConnection | undefined;
  /** Closes the connection if one was opened (a stopping process). */
  close(): Promise<void>;
}

type ParentLog = Pick<UseCaseLog, 'info' | 'warn'> & {
  child?: (bindings: { name: string }) => Pick<UseCaseLog, 'info' | 'warn'>;
};

/** `env` is read at the first `connect` (Probot's `run` loads `.env` into `process.env` before that). */
export const sharedRedis = (
  env: Record<string, string | undefined>,
  options: { metrics?: Pick<AppMetrics, 'registry' | 'redisConnected'> } = {},
): SharedRedis => {
  let connection: RedisConnection | undefined;
  const { metrics } = options;
  return {
    connect(log: ParentLog) {
      const url = env.REDIS_URL?.trim();
      if (!url) return undefined;
      connection ??= createRedisConnection({
        url,
        log: typeof log.child === 'function' ? log.child({ name: 'redis' }) : log,
        ...(metrics
          ? { onChange: (up: boolean) => setGauge(metrics.registry, metrics.redisConnected, up ? 1 : 0) }
          : {}),
      });
      return connection;
    },
    async close() {
      await connection?.close();
    },
  };
};
