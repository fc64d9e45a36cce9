import { type HandedBackNotification, handedBackOf } from '../core/notify/handed-back-notification.ts';
import type { HandedBackNotifications, TakenNotification } from '../use-cases/handed-back-notifications.ts';
import type { RedisConnection } from './redis-connection.ts';
import { redisScript } from './redis-script.ts';

export interface RedisHandedBackNotificationsOptions {
  redis: RedisConnection;
  /** The list's key; default `change-gate:notifications:handed-back` (the taken ones: `<key>:taken`). */
  key?: string;
  /** The most kept at once (the oldest are dropped past it). Default 10,000. */
  capacity?: number;
  /**
   * How long the list outlives its last addition, and the oldest entry whose notification is still sent
   * (older, its claim may have lapsed: sent again). Default 7 days, as a delivery's claim.
   */
  ttlMs?: number;
  /**
   * How long a taken one waits for its taker's `done` before the next round anywhere takes it again (its taker
   * died). Default 15 min: longer than a delivery's attempts with their backoff.
   */
  leaseMs?: number;
  /** The clock that ages entries and leases; default Date.now. */
  nowMs?: () => number;
}

// KEYS: the list, the taken set (by lease deadline). ARGV: now, lease ms, limit, ttl ms.
// Those whose lease ran out go back to the list's head first, so they are taken before newer ones; then up to
// `limit` move from the head into the taken set, each with its deadline.
const TAKE = `
local expired = redis.call('zrangebyscore', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1000)
for i = #expired, 1, -1 do
  redis.call('lpush', KEYS[1], expired[i])
  redis.call('zrem', KEYS[2], expired[i])
end
local items = redis.call('lpop', KEYS[1], ARGV[3])
if not items then return {} end
local deadline = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, item in ipairs(items) do redis.call('zadd', KEYS[2], deadline, item) end
redis.call('pexpire', KEYS[2], ARGV[4])
return items`;

const take = redisScript(TAKE);

/**
 * Handed-back deliveries in one Redis list, as JSON: a stopping replica appends (RPUSH, trimmed to the
 * capacity, the key's lifetime renewed, in one MULTI); a replica takes from its head into a sorted set of taken
 * ones by lease deadline (one script: each element goes to one taker), and removes each from there once done
 * with it. A taker that dies first leaves its ones in the set: the next take anywhere after their lease puts
 * them back at the list's head (at least once; the delivery's claim makes it at most once sent). What is read
 * back is checked field by field (handedBackOf) before it is sent, and one whose entry is older than the
 * claims' lifetime is dropped (its claim may have lapsed).
 */
export const createRedisHandedBackNotifications = (
  options: RedisHandedBackNotificationsOptions,
): HandedBackNotifications => {
  const key = options.key ?? 'change-gate:notifications:handed-back';
  const takenKey = `${key}:taken`;
  const capacity = options.capacity ?? 10_000;
  const ttlMs = options.ttlMs ?? 7 * 24 * 3_600_000;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const nowMs = options.nowMs ?? Date.now;
  const client = options.redis.client;
  const done = async (receipt: string): Promise<void> => {
    await client.zrem(takenKey, receipt).catch(() => undefined);
  };
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
      if (limit < 1 || !options.redis.up()) return { taken: [], dropped: 0 };
      const now = nowMs();
      const texts = (await take(
        client,
        [key, takenKey],
        [String(now), String(leaseMs), String(limit), String(ttlMs)],
      )) as string[];
      const since = now - ttlMs;
      const taken: TakenNotification[] = [];
      const left: string[] = [];
      for (const text of texts) {
        const item: HandedBackNotification | null = handedBackOf(text);
        if (item !== null && Date.parse(item.notification.at) >= since) taken.push({ item, receipt: text });
        else left.push(text);
      }
      await Promise.all(left.map(done));
      return { taken, dropped: left.length };
    },
    done,
  };
};
