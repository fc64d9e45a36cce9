import type { RoundLease } from '../use-cases/round-lease.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * Round leases in Redis (`SET NX PX`): one replica per round. When Redis cannot be asked, every replica does
 * the round (as one process would): a sweep reconciles under the change's lock and writes idempotently.
 */
export const createRedisRoundLease = (options: { redis: RedisConnection; prefix?: string }): RoundLease => {
  const prefix = options.prefix ?? 'change-gate:round:';
  return {
    async take(key, ttlMs) {
      if (!options.redis.up()) return true;
      try {
        return (await options.redis.client.set(`${prefix}${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
  };
};
