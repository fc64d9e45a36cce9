import type { RequestSpacing } from '../ops/request-spacing.ts';
import type { RedisConnection } from './redis-connection.ts';

// Books the key's next free slot on Redis's own clock (replicas' clocks may differ) and says how long until
// it; the key expires a second after its last slot, so an idle installation leaves nothing behind.
const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 1000)
return start - now`;

export interface RedisRequestSpacingOptions {
  redis: RedisConnection;
  /** This process's slots, used while Redis cannot be asked. */
  fallback: RequestSpacing;
  /** Key prefix; default `change-gate:spacing:`. */
  prefix?: string;
}

/**
 * Request spacing shared by the replicas: one slot reservation per request in Redis (a Lua script, atomic),
 * so GitHub sees an installation's writes a second apart whichever replica sends them. While Redis cannot be
 * asked (down, timeout), this process's own slots space its requests: replicas may then write closer
 * together than GitHub asks, which costs at worst a secondary rate limit that the throttle handlers retry.
 */
export const createRedisRequestSpacing = (options: RedisRequestSpacingOptions): RequestSpacing => {
  const prefix = options.prefix ?? 'change-gate:spacing:';
  const { redis, fallback } = options;
  return {
    async reserve(key, intervalMs) {
      if (!redis.up()) return fallback.reserve(key, intervalMs);
      try {
        const wait = Number(await redis.client.eval(RESERVE_SLOT, 1, `${prefix}${key}`, String(intervalMs)));
        if (Number.isFinite(wait) && wait >= 0) return wait;
      } catch {
        // Redis went away between `up()` and the answer: this process decides.
      }
      return fallback.reserve(key, intervalMs);
    },
  };
};
