import { randomUUID } from 'node:crypto';
import type { DirtyChanges, ReadStart } from '../use-cases/dirty-changes.ts';
import type { RedisConnection } from './redis-connection.ts';

export interface RedisDirtyChangesOptions {
  redis: RedisConnection;
  /** Key prefix; default `change-gate:`. */
  prefix?: string;
  /**
   * How long a queued mark covers events of its key when its replica never takes it down (it died, or its
   * evaluation waits that long for the lock): events covered meanwhile stay dirty and are healed. Default 30 s.
   */
  queuedTtlMs?: number;
  /** Dirty marks older than this are dropped by `stale` (a change that could not be healed for a day). */
  maxAgeMs?: number;
}

// The clock every mark and read start is taken from: Redis's TIME in microseconds, made strictly increasing
// (two commands in one microsecond get distinct ticks), so that "marked before the read began" is exact.
// Formatted with %.0f: Lua's tostring would round a 16-digit number to 14 significant digits.
const TICK = `
local function tick(clock)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local last = tonumber(redis.call('GET', clock) or '0')
  if now <= last then now = last + 1 end
  local text = string.format('%.0f', now)
  redis.call('SET', clock, text)
  return text
end
`;

// KEYS: dirty set, clock, queued mark; ARGV: member. Marks the key dirty at a new tick; returns whether an
// evaluation of it is queued (somewhere) and has not begun reading, the tick, and whether the mark is new.
const MARK = `${TICK}
local at = tick(KEYS[2])
local fresh = redis.call('ZADD', KEYS[1], at, ARGV[1])
return {redis.call('EXISTS', KEYS[3]), at, fresh}`;

// KEYS: clock, queued mark; ARGV: token ('' = none). Takes this evaluation's queued mark down (only its own:
// another replica's newer mark stays) and returns the tick its read begins after.
const READING = `${TICK}
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return tick(KEYS[1])`;

// KEYS: dirty set; ARGV: member, read start. Drops the mark only when no event marked it after the read began.
const CLEAR = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`;

// KEYS: dirty set; ARGV: member, tick. Drops the mark only while it is still exactly that event's.
const CLEAR_OWN = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`;

// KEYS: dirty set; ARGV: age in microseconds, limit, max age in microseconds. Drops marks past the max age,
// then returns the oldest marks older than the age (on Redis's clock, as they were marked).
const STALE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('(%.0f', now - tonumber(ARGV[3])))
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - tonumber(ARGV[1])), 'LIMIT', 0, tonumber(ARGV[2]))`;

/**
 * Dirty changes and queued marks in Redis: one sorted set of dirty keys (score: the newest event's tick), a
 * queued mark per key (`SET token PX ttl`, the owner's), and the clock. Every script goes through `EVAL` on
 * the process's one connection, so commands run in the order this process sent them (no `EVALSHA` retry that
 * could reorder them). While Redis is known to be away, nothing is marked, found, cleared or listed (events
 * are evaluated where they land, as without Redis); a command that fails otherwise resolves the event's mark
 * and read start to null (nothing covered, nothing cleared) and throws from `clear` and `stale`.
 */
export const createRedisDirtyChanges = (options: RedisDirtyChangesOptions): DirtyChanges => {
  const prefix = options.prefix ?? 'change-gate:';
  const queuedTtlMs = options.queuedTtlMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 24 * 3_600_000;
  const client = options.redis.client;
  const dirtySet = `${prefix}dirty`;
  const clock = `${prefix}dirty-clock`;
  const queuedKey = (key: string) => `${prefix}queued:${key}`;
  return {
    mark(member, key) {
      if (!options.redis.up()) return null;
      return (
        client.eval(MARK, 3, dirtySet, clock, queuedKey(key), member) as Promise<[number, string, number]>
      ).then(
        ([queued, tick, fresh]) => ({
          queuedSomewhere: queued === 1,
          tick: String(tick),
          fresh: fresh === 1,
        }),
        () => null,
      );
    },
    queue(key, { visible }) {
      const token = visible && options.redis.up() ? randomUUID() : '';
      // Not awaited: until it is set, events elsewhere are just not covered by it. Taken down (READING) on the
      // same connection, so after it.
      if (token !== '') client.set(queuedKey(key), token, 'PX', queuedTtlMs).catch(() => undefined);
      return {
        async reading(): Promise<ReadStart | null> {
          if (!options.redis.up()) return null;
          try {
            return String(await client.eval(READING, 2, clock, queuedKey(key), token));
          } catch {
            return null;
          }
        },
      };
    },
    async clear(member, start) {
      if (!options.redis.up()) return false;
      return (await client.eval(CLEAR, 1, dirtySet, member, start)) === 1;
    },
    async clearOwn(member, tick) {
      if (!options.redis.up()) return false;
      return (await client.eval(CLEAR_OWN, 1, dirtySet, member, tick)) === 1;
    },
    async stale({ olderThanMs, limit }) {
      // Nothing to heal from while Redis is away (no round fails loudly every interval); found once it is back.
      if (!options.redis.up()) return [];
      return (await client.eval(
        STALE,
        1,
        dirtySet,
        String(olderThanMs * 1000),
        String(limit),
        String(maxAgeMs * 1000),
      )) as string[];
    },
  };
};
