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
  /** The longest a `handled` mark waits for the next claim to go with. Default 100 ms. */
  handledDelayMs?: number;
}

const HANDLED = 'handled';

/**
 * Delivery claims in Redis: `SET NX PX` with a token before the handler runs, `handled` (longer expiry) after
 * it succeeded, deleted (token-checked) after it failed, so that a retry or redelivery can handle it.
 * When Redis cannot be asked the delivery is handled anyway: a duplicate is harmless (idempotent writes),
 * a skipped event is not.
 *
 * `handled` is not sent alone: it goes with the next claim (the connection sends the commands of one turn of
 * the event loop in one write), or after `handledDelayMs` when no claim came. Until it is written the claim
 * itself makes the other replicas skip the delivery; should the process die first, the claim expires after
 * `handlingMs` and a redelivery after that is handled again (which writes nothing twice). The tokens are this
 * process's random id and a counter: unique across replicas, without a UUID per claim.
 */
export const createRedisDeliveryClaims = (options: RedisDeliveryClaimsOptions): DeliveryClaims => {
  const prefix = options.prefix ?? 'change-gate:delivery:';
  const handlingMs = options.handlingMs ?? 10 * 60_000;
  const handledMs = options.handledMs ?? 72 * 3_600_000;
  const handledDelayMs = options.handledDelayMs ?? 100;
  const client = options.redis.client;
  const unshared = { done: async () => undefined, release: async () => undefined };
  const processId = `${randomUUID()}:`;
  let claims = 0;
  /** Keys of deliveries handled here whose `handled` is not sent yet. */
  let handled: string[] = [];
  let scheduled = false;
  const sendHandled = (): void => {
    const keys = handled;
    if (keys.length === 0) return;
    handled = [];
    for (const key of keys) client.set(key, HANDLED, 'PX', handledMs).catch(() => undefined);
  };
  const sendLater = (): void => {
    scheduled = false;
    sendHandled();
  };
  return {
    async claim(deliveryId) {
      if (!options.redis.up()) return unshared;
      sendHandled();
      const key = `${prefix}${deliveryId}`;
      const token = `${processId}${++claims}`;
      let taken: string | null;
      try {
        taken = await client.set(key, token, 'PX', handlingMs, 'NX');
      } catch {
        return unshared;
      }
      if (taken !== 'OK') return null;
      return {
        async done() {
          handled.push(key);
          if (scheduled) return;
          scheduled = true;
          setTimeout(sendLater, handledDelayMs).unref();
        },
        async release() {
          await compareAndDelete(client, key, token).catch(() => undefined);
        },
      };
    },
  };
};
