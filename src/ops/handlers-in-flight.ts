/** Work the handlers left running in the background (the notification queue). */
export interface BackgroundWork {
  idle(): Promise<void>;
  /** A stop that is not clean (out of time): gives back what still waits, to be done later elsewhere; how many. */
  handBack?(): Promise<number>;
}

/**
 * The webhook handlers running in this process: a delivery may be answered before its handler ends (its event
 * recorded durably first, or Probot's 202 after 9 s), so a stopping process waits for these as well as for
 * the requests in flight; and what they left to finish in the background (the notifications queued). The
 * sweep's, the heal round's and the handed-back rounds are counted too, and start no more once the process
 * is stopping.
 */
export interface HandlersInFlight {
  /** True once `stop()` or `idle()` was asked (the process is stopping): scheduled work starts no new round. */
  readonly stopping: boolean;
  /** The process is stopping (a signal): from now on scheduled work starts no new round. */
  stop(): void;
  /** Counts `work` as running until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T>;
  count(): number;
  /** Background work `idle()` waits for too, once the handlers are done (a queue's own `idle`). */
  alsoWaitFor(work: BackgroundWork): void;
  /** Resolves once no handler runs (those started meanwhile included) and the background work is done. */
  idle(): Promise<void>;
  /** The background work's `handBack`, when a stop is not clean: how many items were handed back. */
  handBack(): Promise<number>;
}

export const createHandlersInFlight = (): HandlersInFlight => {
  const running = new Set<Promise<unknown>>();
  const background: BackgroundWork[] = [];
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
    stop() {
      stopping = true;
    },
    count: () => running.size,
    alsoWaitFor(work) {
      background.push(work);
    },
    async idle() {
      stopping = true;
      while (running.size > 0) await Promise.allSettled([...running]);
      await Promise.allSettled(background.map((work) => work.idle()));
    },
    async handBack() {
      const counts = await Promise.allSettled(background.map((work) => work.handBack?.() ?? 0));
      return counts.reduce((sum, count) => sum + (count.status === 'fulfilled' ? count.value : 0), 0);
    },
  };
};

/** `work` counted in `inFlight` while it runs, when there is one. */
export const tracked = <T>(inFlight: HandlersInFlight | undefined, work: Promise<T>): Promise<T> =>
  inFlight?.track(work) ?? work;

/**
 * A scheduled round (the sweep's, the heal round's, the handed-back one), started and counted while it runs;
 * none once the process is stopping (null): one under way is waited for, no new one starts.
 */
export const scheduledRound = <T>(
  inFlight: HandlersInFlight | undefined,
  round: () => Promise<T>,
): Promise<T> | null => (inFlight?.stopping ? null : tracked(inFlight, round()));

/**
 * `round` every `intervalMs` after the previous one ended (a scheduledRound each: none once the process is
 * stopping, and then no more); a round's failure is told to `failed`, and the next one is scheduled all the same.
 */
export const repeatRound = (options: {
  inFlight: HandlersInFlight | undefined;
  intervalMs: number;
  round: () => Promise<unknown>;
  failed: (error: unknown) => void;
}): void => {
  const next = (): void => {
    setTimeout(() => {
      scheduledRound(options.inFlight, options.round)?.catch(options.failed).finally(next);
    }, options.intervalMs).unref();
  };
  next();
};
