import type { SentDeliveries } from '../use-cases/notification-sender.ts';
import type { RedisConnection } from './redis-connection.ts';

export interface RedisSentDeliveriesOptions {
  redis: RedisConnection;
  /** Claims of this process, used while Redis cannot be asked. */
  fallback: SentDeliveries;
  /** Key prefix; default `change-gate:notified:`. */
  prefix?: string;
  /** How long a sent notification is remembered. Default 7 days. */
  ttlMs?: number;
}

/**
 * Notification claims shared by the replicas (`SET NX PX`): a notification is sent by the replica that
 * claims it first. While Redis cannot be asked, this process's own claims decide (a replica never sends one
 * twice; two replicas might, which beats sending none).
 */
export const createRedisSentDeliveries = (options: RedisSentDeliveriesOptions): SentDeliveries => {
  const prefix = options.prefix ?? 'change-gate:notified:';
  const ttlMs = options.ttlMs ?? 7 * 24 * 3_600_000;
  const client = options.redis.client;
  return {
    async claim(id) {
      const local = await options.fallback.claim(id);
      if (!local || !options.redis.up()) return local;
      let taken: boolean;
      try {
        taken = (await client.set(`${prefix}${id}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        return true;
      }
      // Claimed by another replica: this process holds no claim of its own (a release there frees it here).
      if (!taken) await options.fallback.release(id);
      return taken;
    },
    async release(id) {
      await options.fallback.release(id);
      return client.del(`${prefix}${id}`).then(
        () => true,
        () => false,
      );
    },
  };
};
