import type { Redis } from 'ioredis';

// Deletes the key only while it still holds our token: a lease that expired and was taken by another
// replica is never released by the one that lost it.
const COMPARE_AND_DELETE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

// Extends the lease only while it still holds our token.
const COMPARE_AND_EXTEND = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/** Releases `key` if it still holds `token`; true when it did. */
export const compareAndDelete = async (redis: Redis, key: string, token: string): Promise<boolean> =>
  (await redis.eval(COMPARE_AND_DELETE, 1, key, token)) === 1;

/** Extends `key`'s lease to `leaseMs` from now if it still holds `token`; false when the lease was lost. */
export const compareAndExtend = async (
  redis: Redis,
  options: { key: string; token: string; leaseMs: number },
): Promise<boolean> =>
  (await redis.eval(COMPARE_AND_EXTEND, 1, options.key, options.token, String(options.leaseMs))) === 1;
