import { randomUUID } from 'node:crypto';
import { errorMessage } from '../github/ports/error-message.ts';
import type { KeyedLock, LockHold } from '../use-cases/keyed-lock.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import { compareAndDelete, compareAndExtend } from './compare-and-delete.ts';
import type { RedisConnection } from './redis-connection.ts';

export interface RedisKeyedLockOptions {
  redis: RedisConnection;
  /** Serialises this process's own callers first (so replicas contend once per key, not once per caller). */
  local: KeyedLock;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  /** Key prefix; default `change-gate:lock:`. */
  prefix?: string;
  /** How long a lease lasts without renewal (a crashed holder frees the key after this). Default 30 s. */
  leaseMs?: number;
  /** How long a caller waits for another replica's lease before it gives up with an error. Default 120 s. */
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Another replica held the key for longer than the caller may wait. */
export class LockTimeoutError extends Error {
  constructor(key: string, waitMs: number) {
    super(`the lock of ${key} stayed held by another replica for ${Math.round(waitMs / 1000)} s`);
    this.name = 'LockTimeoutError';
  }
}

/** The hold of work run under the local lock alone: other replicas may run work under the key meanwhile. */
const NOT_EXCLUSIVE: LockHold = Object.freeze({ exclusive: false });

// A repository's lock is held for one evaluation (tens of milliseconds): a waiter that slept up to half a
// second left the key idle most of the time it waited. A retry is one SET NX, and each replica has at most one
// waiter per key (its local lock queues the rest), so polling every 50 ms at most costs Redis little.
const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 50;

/**
 * A KeyedLock shared by the replicas through Redis:
 * 1. this process's callers of one key queue behind each other (the local lock);
 * 2. the first of them takes the key in Redis (`SET NX PX` with a random token), retrying with capped
 *    exponential backoff and jitter while another replica holds it;
 * 3. while the work runs, the lease is extended every third of its length (compare-and-extend);
 * 4. afterwards it is released only if it still holds the token (compare-and-delete).
 * When Redis cannot be asked (down, timeout), the work runs under the local lock alone: the writes are
 * idempotent, so the worst case is a duplicate that the next evaluation cleans up, never a lost event. The
 * work's hold then says it was not exclusive (also when the lease lapsed or its release failed): another
 * replica may have written from an older read after this one wrote, so the caller reads again (reconcileChange).
 */
export const createRedisKeyedLock = (options: RedisKeyedLockOptions): KeyedLock => {
  const prefix = options.prefix ?? 'change-gate:lock:';
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const client = options.redis.client;
  /** The keys whose SET failed with Redis up (told once until one succeeds). */
  const refused = new Set<string>();

  /** The token when taken; null when Redis cannot be asked (fall back). Throws after `waitMs`. */
  const acquire = async (key: string): Promise<string | null> => {
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      if (!options.redis.up()) return null;
      try {
        if ((await client.set(key, token, 'PX', leaseMs, 'NX')) === 'OK') {
          if (refused.delete(key)) options.log.info(`lock ${key}: taken again`);
          return token;
        }
      } catch (error) {
        // Redis is up but did not take it (a timeout, or a refusal: NOPERM, OOM): said once for the key until
        // a SET of it succeeds again.
        if (!refused.has(key)) {
          refused.add(key);
          options.log.warn(
            `lock ${key}: not taken (${errorMessage(error)}); the work runs under this process's lock alone until it can be`,
          );
        }
        // A SET that timed out here may have been done there: its lease would hold the other replicas back for
        // leaseMs. Given back at once when Redis answers (best effort; it expires by itself otherwise).
        compareAndDelete(client, key, token).catch(() => undefined);
        return null;
      }
      if (Date.now() >= deadline) throw new LockTimeoutError(key, waitMs);
      const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  };

  const holding = async <T>(key: string, token: string, work: (hold: LockHold) => Promise<T>): Promise<T> => {
    const hold = { exclusive: true };
    const lost = (why: string) => {
      if (hold.exclusive) options.log.warn(`lock ${key}: ${why}`);
      hold.exclusive = false;
    };
    const renew = setInterval(() => {
      compareAndExtend(client, { key, token, leaseMs })
        .then((kept) => {
          if (!kept) lost('the lease was lost while the work ran');
        })
        .catch((error: unknown) => lost(`the lease could not be renewed (${errorMessage(error)})`));
    }, leaseMs / 3);
    renew.unref();
    try {
      return await work(hold);
    } finally {
      clearInterval(renew);
      // A release that fails (Redis went away) leaves the lease to expire on its own. Either way, or when the
      // key no longer held our token, another replica may have taken the key while the work ran.
      await compareAndDelete(client, key, token)
        .then((released) => {
          if (!released) lost('the lease had lapsed before the work ended');
        })
        .catch((error: unknown) => {
          hold.exclusive = false;
          options.log.warn(`lock ${key}: not released (${errorMessage(error)}); it expires by itself`);
        });
    }
  };

  return {
    run(key, work) {
      return options.local.run(key, async () => {
        const redisKey = `${prefix}${key}`;
        const token = await acquire(redisKey);
        return token === null ? work(NOT_EXCLUSIVE) : holding(redisKey, token, work);
      });
    },
  };
};
