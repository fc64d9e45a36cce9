/**
 * A lease on one round of periodic work (the sweep of an installation): the replica that takes it does the
 * round, the others skip it. Taken, never released: it expires when the next round is due.
 */
export interface RoundLease {
  /** True when this process should do round `key`; the lease lasts `ttlMs`. */
  take(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Gives back lease `key` if this process holds it (absent: leases only expire), so that the work may be
   * taken again before `ttlMs` (the heal round's claim on a change, once its evaluation ended). Best effort:
   * a lease not given back expires by itself.
   */
  giveBack?(key: string): Promise<void>;
}

/** One process does every round. */
export const everyRound: RoundLease = {
  async take() {
    return true;
  },
};
