import { type HandedBackNotification, handedBackOf } from '../core/notify/handed-back-notification.ts';
import type { HandedBackNotifications } from '../use-cases/handed-back-notifications.ts';
import type { RedisConnection } from './redis-connection.ts';

export interface RedisHandedBackNotificationsOptions {
  redis: RedisConnection;
  /** The list's key; default `change-gate:notifications:handed-back`. */
  key?: string;
  /** The most kept at once (the oldest are dropped past it). Default 10,000. */
  capacity?: number;
  /**
   * How long the list outlives its last addition, and the oldest entry whose notification is still sent
   * (older, its claim may have lapsed: sent again). Default 7 days, as a delivery's claim.
   */
  ttlMs?: number;
  /** The clock that ages entries; default Date.now. */
  nowMs?: () => number;
}

/**
 * Handed-back deliveries in one Redis list, as JSON: a stopping replica appends (RPUSH, trimmed to the
 * capacity, the key's lifetime renewed, in one MULTI); a replica takes from its head (LPOP with a count: each
 * element goes to one taker). What is read back is checked field by field (handedBackOf) before it is sent, and
 * one whose entry is older than the claims' lifetime is dropped (its claim may have lapsed).
 */
export const createRedisHandedBackNotifications = (
  options: RedisHandedBackNotificationsOptions,
): HandedBackNotifications => {
  const key = options.key ?? 'change-gate:notifications:handed-back';
  const capacity = options.capacity ?? 10_000;
  const ttlMs = options.ttlMs ?? 7 * 24 * 3_600_000;
  const client = options.redis.client;
  return {
    async keep(item) {
      if (!options.redis.up()) return false;
      try {
        const answers = await client
          .multi()
          .rpush(key, JSON.stringify(item))
          .ltrim(key, -capacity, -1)
          .pexpire(key, ttlMs)
          .exec();
        return answers?.every(([error]) => error === null) ?? false;
      } catch {
        return false;
      }
    },
    async take(limit) {
      if (limit < 1 || !options.redis.up()) return { items: [], dropped: 0 };
      const texts = (await client.lpop(key, limit)) ?? [];
      const since = (options.nowMs ?? Date.now)() - ttlMs;
      const items = texts
        .map(handedBackOf)
        .filter(
          (item) => item !== null && Date.parse(item.notification.at) >= since,
        ) as HandedBackNotification[];
      return { items, dropped: texts.length - items.length };
    },
  };
};
