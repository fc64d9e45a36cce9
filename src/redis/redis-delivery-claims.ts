import { randomUUID } from 'node:crypto';
import type { DeliveryClaims } from '../use-cases/delivery-claims.ts';
import { compareAndDelete } from './compare-and-delete.ts';
import type { RedisConnection } from './redis-connection.ts';

export interface RedisDeliveryClaimsOptions {
  redis: RedisConnection;
  /** Key prefix; default `change-gate:delivery:`. */
  prefix?: string;
  /** How long a claim lasts while its handler runs (a crashed replica frees it after this). Default 10 min. */
  handlingMs?: number;
  /** How long a handled delivery is remembered. Default 72 h (GitHub lets a delivery be redelivered for 3 days). */
  handledMs?: number;
}

const HANDLED = 'handled';

/**
 * Delivery claims in Redis: `SET NX PX` with a token before the handler runs, `handled` (longer expiry) after
 * it succeeded, deleted (token-checked) after it failed, so that a retry or redelivery can handle it.
 * When Redis cannot be asked the delivery is handled anyway: a duplicate is harmless (idempotent writes),
 * a skipped event is not.
 */
export const createRedisDeliveryClaims = (options: RedisDeliveryClaimsOptions): DeliveryClaims => {
  const prefix = options.prefix ?? 'change-gate:delivery:';
  const handlingMs = options.handlingMs ?? 10 * 60_000;
  const handledMs = options.handledMs ?? 72 * 3_600_000;
  const client = options.redis.client;
  const unshared = { done: async () => undefined, release: async () => undefined };
  return {
    async claim(deliveryId) {
      if (!options.redis.up()) return unshared;
      const key = `${prefix}${deliveryId}`;
      const token = randomUUID();
      let taken: string | null;
      try {
        taken = await client.set(key, token, 'PX', handlingMs, 'NX');
      } catch {
        return unshared;
      }
      if (taken !== 'OK') return null;
      return {
        async done() {
          await client.set(key, HANDLED, 'PX', handledMs).catch(() => undefined);
        },
        async release() {
          await compareAndDelete(client, key, token).catch(() => undefined);
        },
      };
    },
  };
};
