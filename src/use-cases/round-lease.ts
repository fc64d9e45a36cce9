/**
 * A lease on one round of periodic work (the sweep of an installation): the replica that takes it does the
 * round, the others skip it. Taken, never released: it expires when the next round is due.
 */
export interface RoundLease {
  /** True when this process should do round `key`; the lease lasts `ttlMs`. */
  take(key: string, ttlMs: number): Promise<boolean>;
}

/** One process does every round. */
export const everyRound: RoundLease = {
  async take() {
    return true;
  },
};
