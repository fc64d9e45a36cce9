/**
 * The webhook handlers running in this process: a delivery may be answered before its handler ends (its event
 * recorded durably first, or Probot's 202 after 9 s), so a stopping process waits for these as well as for
 * the requests in flight; and what they left to finish in the background (the notifications queued). The
 * sweep's and the heal round's rounds are counted too, and start no more once the process is stopping.
 */
export interface HandlersInFlight {
  /** True once `idle()` was asked (the process is stopping): scheduled work starts no new round. */
  readonly stopping: boolean;
  /** Counts `work` as running until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T>;
  count(): number;
  /** Background work `idle()` waits for too, once the handlers are done (a queue's own `idle`). */
  alsoWaitFor(idle: () => Promise<void>): void;
  /** Resolves once no handler runs (those started meanwhile included) and the background work is done. */
  idle(): Promise<void>;
}

export const createHandlersInFlight = (): HandlersInFlight => {
  const running = new Set<Promise<unknown>>();
  const background: Array<() => Promise<void>> = [];
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    track(work) {
      running.add(work);
      const settled = () => running.delete(work);
      work.then(settled, settled);
      return work;
    },
    count: () => running.size,
    alsoWaitFor(idle) {
      background.push(idle);
    },
    async idle() {
      stopping = true;
      while (running.size > 0) await Promise.allSettled([...running]);
      await Promise.allSettled(background.map((idle) => idle()));
    },
  };
};

/** `work` counted in `inFlight` while it runs, when there is one. */
export const tracked = <T>(inFlight: HandlersInFlight | undefined, work: Promise<T>): Promise<T> =>
  inFlight?.track(work) ?? work;

/**
 * A scheduled round (the sweep's, the heal round's), started and counted while it runs; none once the process
 * is stopping (null): one under way is waited for, no new one starts.
 */
export const scheduledRound = <T>(
  inFlight: HandlersInFlight | undefined,
  round: () => Promise<T>,
): Promise<T> | null => (inFlight?.stopping ? null : tracked(inFlight, round()));
