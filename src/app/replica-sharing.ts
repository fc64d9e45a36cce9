import { createRedisDeliveryClaims } from '../redis/redis-delivery-claims.ts';
import { createRedisDirtyChanges } from '../redis/redis-dirty-changes.ts';
import { createRedisHandedBackNotifications } from '../redis/redis-handed-back-notifications.ts';
import { createRedisKeyedLock } from '../redis/redis-keyed-lock.ts';
import { createRedisMergeRequirementCache } from '../redis/redis-merge-requirement-cache.ts';
import { createRedisRoundLease } from '../redis/redis-round-lease.ts';
import { createRedisSentDeliveries } from '../redis/redis-sent-deliveries.ts';
import { createRedisWaitingRuns } from '../redis/redis-waiting-runs.ts';
import { type DeliveryClaims, everyDelivery } from '../use-cases/delivery-claims.ts';
import { type DirtyChanges, noDirtyChanges } from '../use-cases/dirty-changes.ts';
import type { HandedBackNotifications } from '../use-cases/handed-back-notifications.ts';
import type { KeyedLock } from '../use-cases/keyed-lock.ts';
import type { SentDeliveries } from '../use-cases/notification-sender.ts';
import type { MergeRequirementCache } from '../use-cases/read-merge-requirement.ts';
import { everyRound, type RoundLease } from '../use-cases/round-lease.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import type { WaitingRuns } from '../use-cases/waiting-runs.ts';
import { createKeyedLock } from './create-keyed-lock.ts';
import { createMemorySentDeliveries } from './create-memory-sent-deliveries.ts';
import { createMergeRequirementCache } from './create-merge-requirement-cache.ts';
import { createWaitingRuns } from './create-waiting-runs.ts';
import { healTiming } from './heal-timing.ts';
import { type SharedRedis, sharedRedis } from './shared-redis.ts';

/**
 * What the replicas of one deployment share: locks, claims, the changes left dirty and the evaluations
 * queued (durable covering), the sweep's runner, the runs left waiting, the branches' merge requirements and
 * the notifications a stopping replica handed back.
 */
export interface ReplicaSharing {
  lock: KeyedLock;
  /** Changes whose events no successful evaluation has taken into account yet, and queued evaluations. */
  dirty: DirtyChanges;
  sentDeliveries: SentDeliveries;
  /** Where a stop keeps the notifications it hands back for the other replicas (Redis only). */
  handedBack?: HandedBackNotifications;
  deliveries: DeliveryClaims;
  rounds: RoundLease;
  waitingRuns: WaitingRuns;
  /** Branches' merge requirements, as the sweep read them (the warning in a change's check). */
  mergeRequirements: MergeRequirementCache;
}

/**
 * With `REDIS_URL`, everything goes through Redis, each piece falling back to this process's own while
 * Redis is unreachable; the dirty marks only while the heal round is on (`CHANGE_GATE_HEAL_INTERVAL`).
 * Without it, one process works alone: its own lock and notification claims, every delivery handled, every
 * sweep round done.
 */
export const createReplicaSharing = (options: {
  env: Record<string, string | undefined>;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  /** The process's connection when the app's Octokit shares it (src/main.ts); else one from `env`. */
  redis?: SharedRedis;
  /** The app's clock (CHANGE_GATE_CLOCK_FILE may move it), which ages what is kept; default Date.now. */
  nowMs?: () => number;
}): ReplicaSharing => {
  const local = createKeyedLock();
  const sentHere = createMemorySentDeliveries();
  const waitingHere = createWaitingRuns();
  const requirementsHere = createMergeRequirementCache();
  const redis = (options.redis ?? sharedRedis(options.env)).connect(options.log);
  if (!redis) {
    return {
      lock: local,
      dirty: noDirtyChanges,
      sentDeliveries: sentHere,
      deliveries: everyDelivery,
      rounds: everyRound,
      waitingRuns: waitingHere,
      mergeRequirements: requirementsHere,
    };
  }
  // Covering across replicas is durable only through the heal round (a dead owner's covered events are
  // healed from their dirty marks): without it, each replica covers only the events of its own evaluations.
  const healing = healTiming(options.env) !== null;
  if (!healing)
    options.log.info(
      'CHANGE_GATE_HEAL_INTERVAL=off: an event is covered only by an evaluation queued in its own replica (no dirty marks in Redis)',
    );
  return {
    lock: createRedisKeyedLock({ redis, local, log: options.log }),
    dirty: healing ? createRedisDirtyChanges({ redis }) : noDirtyChanges,
    sentDeliveries: createRedisSentDeliveries({ redis, fallback: sentHere }),
    handedBack: createRedisHandedBackNotifications({
      redis,
      ...(options.nowMs ? { nowMs: options.nowMs } : {}),
    }),
    deliveries: createRedisDeliveryClaims({ redis }),
    rounds: createRedisRoundLease({ redis }),
    waitingRuns: createRedisWaitingRuns({ redis, fallback: waitingHere }),
    mergeRequirements: createRedisMergeRequirementCache({ redis, fallback: requirementsHere }),
  };
};
