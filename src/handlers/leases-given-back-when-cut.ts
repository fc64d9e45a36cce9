import type { HandlersInFlight } from '../ops/handlers-in-flight.ts';
import type { RoundLease } from '../use-cases/round-lease.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';

/** A scheduled round's leases, as `leasesGivenBackWhenCut` keeps them. */
export interface CutRoundLeases extends RoundLease {
  giveBack(key: string, inMs: number): Promise<boolean>;
  /** The round ended (or gave up): the leases it took stand until they expire, as before. */
  ended(): void;
}

/**
 * `rounds` as one scheduled round (the sweep's, the heal round's) takes its leases: those it holds while it runs
 * are given back (ended now) when a stop cuts it off (a stop out of time: `inFlight.handBack`), so that another
 * replica does the round's work at its next tick instead of once the lease would have run out (the sweep's,
 * 90% of its interval). A round that ends keeps its leases: they stop the other replicas redoing it.
 */
export const leasesGivenBackWhenCut = (options: {
  rounds: RoundLease;
  inFlight: HandlersInFlight | undefined;
  log: Pick<UseCaseLog, 'warn'>;
}): CutRoundLeases => {
  const { rounds } = options;
  const held = new Set<string>();
  options.inFlight?.alsoWaitFor({
    idle: async () => undefined,
    async handBack() {
      const keys = [...held];
      held.clear();
      await Promise.all(
        keys.map(async (key) => {
          const given = await rounds.giveBack?.(key, 0).catch(() => false);
          options.log.warn(
            given
              ? `round lease ${key} given back: the stop cut its work off, so another replica takes it up at its next round`
              : `round lease ${key} not given back (Redis could not be asked, now or when the round took it, or it had lapsed): any lease that stands expires by itself`,
          );
        }),
      );
      // Leases, not notifications: the stop's count of handed-back notifications leaves them out.
      return 0;
    },
  });
  return {
    async take(key, ttlMs) {
      const taken = await rounds.take(key, ttlMs);
      // Only leases shared with other replicas (Redis): one process alone has nobody to give them to.
      if (taken && rounds.giveBack) held.add(key);
      return taken;
    },
    async giveBack(key, inMs) {
      held.delete(key);
      return (await rounds.giveBack?.(key, inMs)) ?? false;
    },
    ended() {
      held.clear();
    },
  };
};
