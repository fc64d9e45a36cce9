import { randomUUID } from 'node:crypto';
import type { RoundLease } from '../use-cases/round-lease.ts';
import { compareAndDelete, compareAndExtend } from './compare-and-delete.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * Round leases in Redis (`SET NX PX`): one replica per round. When Redis cannot be asked, every replica does
 * the round (as one process would): a sweep reconciles under the change's lock and writes idempotently. Each
 * lease holds a token of its own, so that a give-back ends only the lease this process took last on the key
 * (compare-and-delete, or compare-and-extend to the shorter time).
 */
export const createRedisRoundLease = (options: { redis: RedisConnection; prefix?: string }): RoundLease => {
  const prefix = options.prefix ?? 'change-gate:round:';
  /** The token of each lease this process holds, by key. */
  const held = new Map<string, string>();
  return {
    async take(key, ttlMs) {
      if (!options.redis.up()) return true;
      const token = randomUUID();
      try {
        const taken = (await options.redis.client.set(`${prefix}${key}`, token, 'PX', ttlMs, 'NX')) === 'OK';
        if (taken) held.set(key, token);
        return taken;
      } catch {
        return true;
      }
    },
    async giveBack(key, inMs) {
      const token = held.get(key);
      held.delete(key);
      if (token === undefined || !options.redis.up()) return false;
      const { client } = options.redis;
      if (inMs > 0) return compareAndExtend(client, { key: `${prefix}${key}`, token, leaseMs: inMs });
      return compareAndDelete(client, `${prefix}${key}`, token);
    },
  };
};
