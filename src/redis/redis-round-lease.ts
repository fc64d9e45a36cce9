import { randomUUID } from 'node:crypto';
import type { RoundLease } from '../use-cases/round-lease.ts';
import { compareAndDelete } from './compare-and-delete.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * Round leases in Redis (`SET NX PX`): one replica per round. When Redis cannot be asked, every replica does
 * the round (as one process would): a sweep reconciles under the change's lock and writes idempotently. A
 * lease holds this process's token, so that it gives back only its own (compare-and-delete). One process
 * takes a key again only once its lease expired: a give-back after work longer than the lease may end the
 * process's later lease on the same key early.
 */
export const createRedisRoundLease = (options: { redis: RedisConnection; prefix?: string }): RoundLease => {
  const prefix = options.prefix ?? 'change-gate:round:';
  const token = randomUUID();
  return {
    async take(key, ttlMs) {
      if (!options.redis.up()) return true;
      try {
        return (await options.redis.client.set(`${prefix}${key}`, token, 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
    async giveBack(key) {
      if (!options.redis.up()) return;
      await compareAndDelete(options.redis.client, `${prefix}${key}`, token).catch(() => undefined);
    },
  };
};
