import type { RateLimit, RateLimiter } from '../api/http/rate-limiter.ts';
import type { RedisConnection } from './redis-connection.ts';
import { redisScript } from './redis-script.ts';

// Counts one request in the caller's window and says how many it holds and how long it has left. The window
// starts at its first request and ends with the key's expiry (on Redis's clock: the replicas' may differ); a
// refused request counts too but never lengthens the window. A key left without an expiry gets one.
const TAKE = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export interface RedisRateLimiterOptions {
  redis: RedisConnection;
  limit: RateLimit;
  /** This process's own windows, used while Redis cannot be asked. */
  fallback: RateLimiter;
  /** Key prefix; default `change-gate:api-rate:`. */
  prefix?: string;
}

const take = redisScript(TAKE);

/**
 * The REST API's rate limit shared by the replicas: a fixed window per caller in Redis (INCR and PEXPIRE in
 * one Lua script, atomic), so a caller has one budget however many replicas answer it. While Redis cannot be
 * asked (down, timeout, an answer it should not give), this process's own windows decide: each replica then
 * allows the whole budget, which lets a caller through more often for a while but never refuses everyone.
 */
export const createRedisRateLimiter = (options: RedisRateLimiterOptions): RateLimiter => {
  const prefix = options.prefix ?? 'change-gate:api-rate:';
  const { redis, limit, fallback } = options;
  return {
    async take(key, now) {
      if (!redis.up()) return fallback.take(key, now);
      let answer: unknown;
      try {
        answer = await take(redis.client, [`${prefix}${key}`], [String(limit.windowMs)]);
      } catch {
        // Redis went away between `up()` and the answer: this process decides.
        return fallback.take(key, now);
      }
      const [count, ttl] = Array.isArray(answer) ? answer.map(Number) : [];
      if (count === undefined || ttl === undefined || !(count >= 1) || !(ttl >= 0)) {
        return fallback.take(key, now);
      }
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.min(ttl, limit.windowMs) / 1000));
      return {
        allowed: count <= limit.requests,
        remaining: Math.max(0, limit.requests - count),
        retryAfterSeconds,
      };
    },
  };
};
