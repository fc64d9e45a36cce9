import { randomUUID } from 'node:crypto';
import type { DirtyChanges, ReadStart } from '../use-cases/dirty-changes.ts';
import { compareAndDelete } from './compare-and-delete.ts';
import type { RedisConnection } from './redis-connection.ts';
import { redisScript } from './redis-script.ts';

export interface RedisDirtyChangesOptions {
  redis: RedisConnection;
  /** Key prefix; default `change-gate:`. */
  prefix?: string;
  /**
   * How long a queued mark covers events of its key when its replica never takes it down (it died, or its
   * evaluation waits that long for the lock): events covered meanwhile stay dirty and are healed. Default 30 s.
   */
  queuedTtlMs?: number;
  /**
   * Dirty marks whose oldest unhealed event is older than this are dropped (`expire`, `retryLater`): a change
   * that could not be healed for a day. Default 24 h.
   */
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

// KEYS: dirty set, clock, queued mark; ARGV: member, claim token ('' = none), the queued mark's ttl (ms). Marks
// the key dirty at a new tick; returns whether an evaluation of it is queued (somewhere) and has not begun
// reading, the tick, whether the mark is new, and whether it set the queued mark (the claim, when none was).
const MARK = `${TICK}
local at = tick(KEYS[2])
local fresh = redis.call('ZADD', KEYS[1], at, ARGV[1])
local queued = redis.call('EXISTS', KEYS[3])
local claimed = 0
if queued == 0 and ARGV[2] ~= '' then
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
  claimed = 1
end
return {queued, at, fresh, claimed}`;

// KEYS: clock, queued mark; ARGV: token ('' = none). Takes this evaluation's queued mark down (only its own:
// another replica's newer mark stays) and returns the tick its read begins after.
const READING = `${TICK}
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return tick(KEYS[1])`;

// KEYS: dirty set, retry hash; ARGV: member, read start. Drops the mark only when no event marked it after
// the read began (a mark pushed back by a failed heal counts as newer: the compare is only stricter).
const CLEAR = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0`;

// KEYS: dirty set, retry hash; ARGV: member, tick. Drops the mark only while it is still exactly that event's.
const CLEAR_OWN = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0`;

// KEYS: dirty set; ARGV: age in microseconds, limit. The oldest marks older than the age (on Redis's clock,
// as they were marked or pushed back to).
const STALE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - tonumber(ARGV[1])), 'LIMIT', 0, tonumber(ARGV[2]))`;

// KEYS: dirty set, retry hash; ARGV: max age in microseconds, limit. Drops (and returns) marks whose newest
// event is older than the max age. A mark pushed back by failures is dropped by RETRY instead.
const EXPIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('(%.0f', now - tonumber(ARGV[1])), 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(old) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], member)
end
return old`;

// The retry hash holds, per member a heal round failed on, "failures:since:pushed": how many rounds failed on
// it in a row, the score it had at the first failure (its oldest unhealed event), the score it was pushed to.
const ENTRY = `
local function entry(hash, member)
  local text = redis.call('HGET', hash, member)
  if not text then return nil end
  local failures, since, pushed = string.match(text, '^(%d+):(%d+):(%d+)$')
  if not failures then return nil end
  return {tonumber(failures), tonumber(since), tonumber(pushed)}
end
`;

// KEYS: dirty set, retry hash; ARGV: member, first delay, longest delay, max age (microseconds). After a heal
// round failed to evaluate the member: pushes its mark to now + delay (ZADD XX GT: only ever later, so an
// event's evaluation must have begun reading after that to clear it), the delay doubling with each failure in
// a row; drops it once its oldest unhealed event is older than the max age. Returns {outcome, failures, delay}
// (outcome 0: cleared meanwhile, nothing to retry; 1: pushed back; 2: dropped, too old).
const RETRY = `${ENTRY}
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return {0, 0, 0}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local failures, since = 0, tonumber(score)
local last = entry(KEYS[2], ARGV[1])
if last then failures, since = last[1], last[2] end
failures = failures + 1
if now - since > tonumber(ARGV[4]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return {2, failures, 0}
end
local delay = tonumber(ARGV[2]) * 2 ^ math.min(failures - 1, 40)
if delay > tonumber(ARGV[3]) then delay = tonumber(ARGV[3]) end
local pushed = string.format('%.0f', now + delay)
redis.call('ZADD', KEYS[1], 'XX', 'GT', pushed, ARGV[1])
local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], failures .. ':' .. string.format('%.0f', since) .. ':' .. string.format('%.0f', tonumber(at)))
return {1, failures, string.format('%.0f', delay)}`;

// KEYS: dirty set, retry hash; ARGV: member, read start ('' = the evaluation failed before reading). Drops the
// mark of a change found gone, unless an event marked it after the read began (it was pushed back by a failed
// round and not marked since, or its newest mark is older than the read).
const FORGET = `${ENTRY}
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 0
end
if ARGV[2] ~= '' and tonumber(score) > tonumber(ARGV[2]) then
  local last = entry(KEYS[2], ARGV[1])
  if not last or last[3] ~= tonumber(score) then return 0 end
end
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])`;

const mark = redisScript(MARK);
const reading = redisScript(READING);
const clear = redisScript(CLEAR);
const clearOwn = redisScript(CLEAR_OWN);
const stale = redisScript(STALE);
const expire = redisScript(EXPIRE);
const retry = redisScript(RETRY);
const forget = redisScript(FORGET);

/**
 * Dirty changes and queued marks in Redis: one sorted set of dirty keys (score: the newest event's tick, or
 * later when a heal round failed on it and pushed it back), a hash of the heal failures in a row per key, a
 * queued mark per key (`SET token PX ttl`, the owner's), and the clock. Every script goes by its SHA1 on the
 * process's one connection (redisScript: never retried after a NOSCRIPT), so commands run in the order this
 * process sent them. While Redis is known to be away, nothing is marked, found, cleared or listed (events
 * are evaluated where they land, as without Redis); a command that fails otherwise resolves the event's mark
 * and read start to null (nothing covered, nothing cleared) and throws from the heal's and the clear's calls.
 */
export const createRedisDirtyChanges = (options: RedisDirtyChangesOptions): DirtyChanges => {
  const prefix = options.prefix ?? 'change-gate:';
  const queuedTtlMs = options.queuedTtlMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 24 * 3_600_000;
  const client = options.redis.client;
  const dirtySet = `${prefix}dirty`;
  const clock = `${prefix}dirty-clock`;
  const retries = `${prefix}dirty-retries`;
  const queuedKey = (key: string) => `${prefix}queued:${key}`;
  /** Takes down the queued mark `token` under `key`, only while it is still that one (best effort). */
  const takeDown = (key: string, token: string): void => {
    compareAndDelete(client, queuedKey(key), token).catch(() => undefined);
  };
  return {
    mark(member, key, markOptions) {
      if (!options.redis.up()) return null;
      const claim = markOptions?.claim ? randomUUID() : '';
      return (
        mark(client, [dirtySet, clock, queuedKey(key)], [member, claim, String(queuedTtlMs)]) as Promise<
          [number, string, number, number]
        >
      ).then(
        ([queued, tick, fresh, claimed]) => ({
          queuedSomewhere: queued === 1,
          tick: String(tick),
          fresh: fresh === 1,
          claimed: claimed === 1 ? claim : null,
        }),
        // Whether the script ran is unknown (a timeout): a claim it may have set is taken down (token-checked,
        // on the same connection, so after it), else it expires with its ttl; events elsewhere covered by it
        // meanwhile stay dirty and are healed, as after a dead replica.
        () => {
          if (claim !== '') takeDown(key, claim);
          return null;
        },
      );
    },
    unclaim: takeDown,
    queue(key, { visible, claimed }) {
      const token = claimed ?? (visible && options.redis.up() ? randomUUID() : '');
      // Not awaited: until it is set, events elsewhere are just not covered by it. Taken down (READING) on the
      // same connection, so after it. A claimed one is set already. One set here (after a mark that failed)
      // replaces another replica's: events seeing it are covered by this evaluation, queued after that one's.
      if (token !== '' && !claimed)
        client.set(queuedKey(key), token, 'PX', queuedTtlMs).catch(() => undefined);
      return {
        async reading(): Promise<ReadStart | null> {
          if (!options.redis.up()) return null;
          try {
            return String(await reading(client, [clock, queuedKey(key)], [token]));
          } catch {
            return null;
          }
        },
      };
    },
    async clear(member, start) {
      if (!options.redis.up()) return false;
      return (await clear(client, [dirtySet, retries], [member, start])) === 1;
    },
    async clearOwn(member, tick) {
      if (!options.redis.up()) return false;
      return (await clearOwn(client, [dirtySet, retries], [member, tick])) === 1;
    },
    async stale({ olderThanMs, limit }) {
      // Nothing to heal from while Redis is away (no round fails loudly every interval); found once it is back.
      if (!options.redis.up()) return [];
      return (await stale(client, [dirtySet], [String(olderThanMs * 1000), String(limit)])) as string[];
    },
    async expire({ limit }) {
      if (!options.redis.up()) return [];
      return (await expire(
        client,
        [dirtySet, retries],
        [String(maxAgeMs * 1000), String(limit)],
      )) as string[];
    },
    async retryLater(member, { firstDelayMs, maxDelayMs }) {
      if (!options.redis.up()) return { outcome: 'kept' };
      const [outcome, failures, delay] = (await retry(
        client,
        [dirtySet, retries],
        [member, String(firstDelayMs * 1000), String(maxDelayMs * 1000), String(maxAgeMs * 1000)],
      )) as [number, number, string | number];
      if (outcome === 0) return { outcome: 'cleared' };
      if (outcome === 2) return { outcome: 'expired', failures: Number(failures) };
      return { outcome: 'later', failures: Number(failures), delayMs: Math.round(Number(delay) / 1000) };
    },
    async forget(member, start) {
      if (!options.redis.up()) return false;
      return (await forget(client, [dirtySet, retries], [member, start ?? ''])) === 1;
    },
  };
};
