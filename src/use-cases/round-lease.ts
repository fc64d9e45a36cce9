/**
 * A lease on one round of periodic work (the sweep of an installation): the replica that takes it does the
 * round, the others skip it. Taken, never released: it expires when the next round is due.
 */
export interface RoundLease {
  /** True when this process should do round `key`; the lease lasts `ttlMs`. */
  take(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Ends lease `key`, if this process holds it, in `inMs` instead of its `ttlMs` (0: now), so that the work may
   * be taken again sooner (the heal round's claim on a change, once it is settled: until its retry is due).
   * Absent: leases only expire. Best effort: a lease not shortened expires by itself. True when this process's
   * lease was shortened (false: it held none, it had lapsed, or Redis could not be asked).
   */
  giveBack?(key: string, inMs: number): Promise<boolean>;
}

/** One process does every round. */
export const everyRound: RoundLease = {
  async take() {
    return true;
  },
};
