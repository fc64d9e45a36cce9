/**
 * The webhook handlers running in this process: a delivery may be answered before its handler ends (its event
 * recorded durably first, or Probot's 202 after 9 s), so a stopping process waits for these as well as for
 * the requests in flight.
 */
export interface HandlersInFlight {
  /** Counts `work` as running until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T>;
  count(): number;
  /** Resolves once nothing is running (handlers started meanwhile included). */
  idle(): Promise<void>;
}

export const createHandlersInFlight = (): HandlersInFlight => {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      running.add(work);
      const settled = () => running.delete(work);
      work.then(settled, settled);
      return work;
    },
    count: () => running.size,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};
