import type { Redis } from 'ioredis';
import { redisScript } from './redis-script.ts';

// Deletes the key only while it still holds our token: a lease that expired and was taken by another
// replica is never released by the one that lost it.
const COMPARE_AND_DELETE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

// Extends the lease only while it still holds our token.
const COMPARE_AND_EXTEND = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

const compareDelete = redisScript(COMPARE_AND_DELETE);
const compareExtend = redisScript(COMPARE_AND_EXTEND);

/** Releases `key` if it still holds `token`; true when it did. */
export const compareAndDelete = async (redis: Redis, key: string, token: string): Promise<boolean> =>
  (await compareDelete(redis, [key], [token])) === 1;

/** Extends `key`'s lease to `leaseMs` from now if it still holds `token`; false when the lease was lost. */
export const compareAndExtend = async (
  redis: Redis,
  options: { key: string; token: string; leaseMs: number },
): Promise<boolean> =>
  (await compareExtend(redis, [options.key], [options.token, String(options.leaseMs)])) === 1;
