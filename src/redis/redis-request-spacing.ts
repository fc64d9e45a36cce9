import type { RequestSpacing } from '../ops/request-spacing.ts';
import type { RedisConnection } from './redis-connection.ts';
import { redisScript } from './redis-script.ts';

// bookGcraSlot (src/ops/request-spacing.ts) on Redis's own clock (replicas' clocks may differ): the key holds
// the bucket's theoretical arrival time; the slot is `max(now, tat − (B−1)·T)`, the new tat `max(tat, slot) + T`.
// The key expires when its tat passes (a full bucket is the same as no key): an idle installation leaves
// nothing behind.
const BOOK_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = math.max(1, math.floor(tonumber(ARGV[2])))
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, tat - (burst - 1) * interval)
local after = math.max(tat, start) + interval
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', after - now)
return start - now`;

export interface RedisRequestSpacingOptions {
  redis: RedisConnection;
  /** This process's buckets, used while Redis cannot be asked. */
  fallback: RequestSpacing;
  /** Key prefix; default `change-gate:spacing:`. */
  prefix?: string;
}

const bookSlot = redisScript(BOOK_SLOT);

/**
 * Request pacing shared by the replicas: one GCRA bucket per key in Redis, booked by a Lua script (atomic), so
 * GitHub sees an installation's requests paced as one whichever replica sends them. While Redis cannot be
 * asked (down, timeout), this process's own buckets pace its requests (the connection logs the fall-back
 * once): replicas may then write closer together than GitHub asks, which costs at worst a secondary rate
 * limit that the throttle handlers wait out and retry.
 */
export const createRedisRequestSpacing = (options: RedisRequestSpacingOptions): RequestSpacing => {
  const prefix = options.prefix ?? 'change-gate:spacing:';
  const { redis, fallback } = options;
  return {
    async reserve(key, intervalMs, burst = 1) {
      if (!redis.up()) return fallback.reserve(key, intervalMs, burst);
      try {
        const wait = Number(
          await bookSlot(redis.client, [`${prefix}${key}`], [String(intervalMs), String(burst)]),
        );
        if (Number.isFinite(wait) && wait >= 0) return wait;
      } catch {
        // Redis went away between `up()` and the answer: this process decides.
      }
      return fallback.reserve(key, intervalMs, burst);
    },
  };
};
