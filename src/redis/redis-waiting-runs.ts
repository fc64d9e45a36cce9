import {
  type KnownWaitingRun,
  toKnownWaitingRun,
  WAITING_RUN_TTL_MS,
  type WaitingRuns,
  waitingRunField,
} from '../use-cases/waiting-runs.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * The runs left waiting, shared by the replicas: one hash per repository (field: run and environment, value:
 * the run as JSON), expiring when GitHub would fail its newest run. Every write also goes to this process's
 * own memory, which answers while Redis cannot be asked; what Redis holds that cannot be read back whole is
 * skipped (the listing a release makes now and then finds the run).
 */
export const createRedisWaitingRuns = (options: {
  redis: RedisConnection;
  fallback: WaitingRuns;
  prefix?: string;
  now?: () => number;
}): WaitingRuns => {
  const prefix = options.prefix ?? 'change-gate:waiting:';
  const now = options.now ?? Date.now;
  const { client } = options.redis;
  return {
    async add(repository, run) {
      await options.fallback.add(repository, run);
      if (!options.redis.up()) return;
      const key = `${prefix}${repository}`;
      await client
        .multi()
        .hset(key, waitingRunField(run), JSON.stringify(run))
        .pexpire(key, WAITING_RUN_TTL_MS)
        .exec()
        .catch(() => undefined);
    },
    async remove(repository, run) {
      await options.fallback.remove(repository, run);
      if (!options.redis.up()) return;
      await client.hdel(`${prefix}${repository}`, waitingRunField(run)).catch(() => undefined);
    },
    async list(repository) {
      if (!options.redis.up()) return options.fallback.list(repository);
      let values: string[];
      try {
        values = await client.hvals(`${prefix}${repository}`);
      } catch {
        return options.fallback.list(repository);
      }
      const oldest = now() - WAITING_RUN_TTL_MS;
      return values
        .map((value) => toKnownWaitingRun(parse(value)))
        .filter((run): run is KnownWaitingRun => run !== null && run.at >= oldest)
        .sort((a, b) => a.at - b.at || a.runId - b.runId);
    },
  };
};

function parse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
