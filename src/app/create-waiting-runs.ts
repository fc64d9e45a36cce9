import {
  type KnownWaitingRun,
  WAITING_RUN_TTL_MS,
  type WaitingRuns,
  waitingRunField,
} from '../use-cases/waiting-runs.ts';

/**
 * This process's memory of the runs its protection rule left waiting, bounded: per repository the newest
 * `perRepository`, and at most `repositories` repositories (the one least recently written goes first).
 */
export const createWaitingRuns = (
  options: { perRepository?: number; repositories?: number; now?: () => number } = {},
): WaitingRuns => {
  const perRepository = options.perRepository ?? 100;
  const repositories = options.repositories ?? 1_000;
  const now = options.now ?? Date.now;
  const byRepository = new Map<string, Map<string, KnownWaitingRun>>();
  return {
    async add(repository, run) {
      const runs = byRepository.get(repository) ?? new Map<string, KnownWaitingRun>();
      byRepository.delete(repository);
      byRepository.set(repository, runs);
      const field = waitingRunField(run);
      runs.delete(field);
      runs.set(field, run);
      if (runs.size > perRepository) runs.delete(runs.keys().next().value as string);
      if (byRepository.size > repositories) byRepository.delete(byRepository.keys().next().value as string);
    },
    async remove(repository, run) {
      const runs = byRepository.get(repository);
      runs?.delete(waitingRunField(run));
      if (runs?.size === 0) byRepository.delete(repository);
    },
    async list(repository) {
      const runs = byRepository.get(repository);
      if (!runs) return [];
      const oldest = now() - WAITING_RUN_TTL_MS;
      for (const [field, run] of runs) if (run.at < oldest) runs.delete(field);
      return [...runs.values()];
    },
  };
};
