import { randomUUID } from 'node:crypto';
import { errorMessage } from '../github/ports/error-message.ts';
import { MarkNotClearedError, type QueuedEvaluationMarks } from '../use-cases/queued-evaluation-marks.ts';
import { compareAndDelete } from './compare-and-delete.ts';
import type { RedisConnection } from './redis-connection.ts';

export interface RedisQueuedEvaluationMarksOptions {
  redis: RedisConnection;
  /** Key prefix; default `change-gate:queued:`. */
  prefix?: string;
  /**
   * How long a mark lives when its replica never clears it (it died): events of its key are covered by it
   * that long, and its owner's delivery, unanswered, failed. Default 30 s.
   */
  ttlMs?: number;
}

/**
 * Marks in Redis: `SET key token PX ttl` when an evaluation is queued (not awaited: until it is set, events
 * elsewhere are just not covered), compare-and-delete of that token before it reads (on the same connection,
 * so after the SET), `EXISTS` from the other replicas. Redis executes commands one at a time, so an `EXISTS`
 * that found the mark ran before its removal, and the evaluation reads after both. A replica that overwrote
 * the mark with its own keeps it until its own evaluation reads. When Redis cannot be asked nothing is marked
 * and nothing is found (events are evaluated where they land).
 */
export const createRedisQueuedEvaluationMarks = (
  options: RedisQueuedEvaluationMarksOptions,
): QueuedEvaluationMarks => {
  const prefix = options.prefix ?? 'change-gate:queued:';
  const ttlMs = options.ttlMs ?? 30_000;
  const client = options.redis.client;
  return {
    mark(key) {
      if (!options.redis.up()) return null;
      const redisKey = `${prefix}${key}`;
      const token = randomUUID();
      // Whether it was set or not, the removal below runs after it on this connection.
      const set = client.set(redisKey, token, 'PX', ttlMs).catch(() => undefined);
      return {
        async clear() {
          await set;
          try {
            // False = already gone (expired) or replaced by another replica's mark, which stays: both fine.
            await compareAndDelete(client, redisKey, token);
          } catch (error) {
            throw new MarkNotClearedError(key, errorMessage(error));
          }
        },
      };
    },
    async isMarked(key) {
      if (!options.redis.up()) return false;
      try {
        return (await client.exists(`${prefix}${key}`)) === 1;
      } catch {
        return false;
      }
    },
  };
};
