import { randomUUID } from 'node:crypto';
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
  /** The clock that ages entries (leases run on Redis's); default Date.now. */
  nowMs?: () => number;
}

// KEYS: the list, the taken set (by lease deadline). ARGV: lease ms, limit, ttl ms, this taking's id. On Redis's
// clock (TIME), as the other scripts: the replicas' clocks never decide whose lease ran out. Those whose lease
// ran out go back to the list's head first, in the order they were taken, as they were kept: the member's text
// after its receipt `<taking id>:<index>|` (a member without one, as an earlier version wrote them, whole). Then
// up to `limit` move from the head into the taken set, each as `<taking id>:<index, 4 digits>|<text>` (unique,
// so one taker's `done` never ends another's lease) with its deadline.
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
for i = #expired, 1, -1 do
  local text = string.match(expired[i], '^[%x%-]+:%d+:%d+|(.*)$') or expired[i]
  if text ~= '' then redis.call('LPUSH', KEYS[1], text) end
  redis.call('ZREM', KEYS[2], expired[i])
end
local items = redis.call('LPOP', KEYS[1], ARGV[2])
if not items then return {} end
local deadline = now + tonumber(ARGV[1])
local taken = {}
for i, item in ipairs(items) do
  taken[i] = string.format('%s:%04d|%s', ARGV[4], i, item)
  redis.call('ZADD', KEYS[2], deadline, taken[i])
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return taken`;

const take = redisScript(TAKE);

/**
 * Handed-back deliveries in one Redis list, as JSON: a stopping replica appends (RPUSH, trimmed to the
 * capacity, the key's lifetime renewed, in one MULTI); a replica takes from its head into a sorted set of taken
 * ones by lease deadline, each under a receipt of its own (one script: each element goes to one taker), and
 * removes each from there once done with it. A taker that dies first leaves its ones in the set: the next take
 * anywhere after their lease puts them back at the list's head (at least once; the delivery's claim makes it
 * at most once sent). What is read back is checked field by field (handedBackOf) before it is sent, and one
 * whose entry is older than the claims' lifetime is dropped (its claim may have lapsed).
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
  const processId = randomUUID();
  let takings = 0;
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
      const members = (await take(
        client,
        [key, takenKey],
        [String(leaseMs), String(limit), String(ttlMs), `${processId}:${++takings}`],
      )) as string[];
      const since = nowMs() - ttlMs;
      const taken: TakenNotification[] = [];
      const left: string[] = [];
      for (const member of members) {
        const item: HandedBackNotification | null = handedBackOf(member.slice(member.indexOf('|') + 1));
        if (item !== null && Date.parse(item.notification.at) >= since) taken.push({ item, receipt: member });
        else left.push(member);
      }
      await Promise.all(left.map(done));
      return { taken, dropped: left.length };
    },
    done,
  };
};
