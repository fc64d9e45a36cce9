/**
 * Stand-ins for the two Bottleneck limiters @octokit/plugin-throttling puts every request through (its
 * `retryLimiter`, and the `global` group's limit of 10 requests at once). Bottleneck's in-memory store yields
 * to the event loop with `setTimeout(0)` several times per job: about 8 ms of idle time per request measured
 * in the action, a tenth of a gate's time. These run a job at once when it may run, with the same rules.
 */

type Job = (...args: unknown[]) => unknown;

/** What the plugin's `failed` handler is given; it reads `args` (the request's state, request and options). */
interface FailedInfo {
  args: unknown[];
  retryCount: number;
}

type FailedHandler = (error: unknown, info: FailedInfo) => unknown;

/**
 * The plugin's `retryLimiter`: runs the job; when it fails, asks the `failed` handlers (the plugin's, which
 * decides on a rate limit's `retry-after` and the action's onRateLimit / onSecondaryRateLimit) and, as
 * Bottleneck does, runs the job again after the number of milliseconds one of them returns, or rejects with
 * the job's error when none returns a number (a handler that throws counts as none).
 */
export function immediateRetryLimiter(options: { sleep(ms: number): Promise<void> }) {
  const handlers: FailedHandler[] = [];
  return {
    on(event: string, handler: FailedHandler): void {
      if (event === 'failed') handlers.push(handler);
    },
    async schedule(job: Job, ...args: unknown[]): Promise<unknown> {
      for (let retryCount = 0; ; retryCount++) {
        try {
          return await job(...args);
        } catch (error) {
          const answers = await Promise.all(
            handlers.map(async (handler) => {
              try {
                return await handler(error, { args, retryCount });
              } catch {
                return undefined;
              }
            }),
          );
          const retryAfter = answers.find((answer) => answer !== null && answer !== undefined);
          if (retryAfter === undefined) throw error;
          // Bottleneck's `~~retry`: a whole number of milliseconds.
          const wait = Math.max(0, Math.trunc(Number(retryAfter)) || 0);
          if (wait > 0) await options.sleep(wait);
        }
      }
    },
  };
}

/**
 * A throttle group (`group.key(id).schedule(options, job, ...args)`) that runs at most `maxConcurrent` jobs
 * at once per key, the others waiting in order; a job starts in the same tick when a place is free.
 */
export function concurrencyGroup(maxConcurrent: number) {
  const keys = new Map<string, { running: number; waiting: Array<() => void> }>();
  return {
    key(id: string) {
      return {
        async schedule(_options: unknown, job: Job, ...args: unknown[]): Promise<unknown> {
          let state = keys.get(id);
          if (!state) {
            state = { running: 0, waiting: [] };
            keys.set(id, state);
          }
          const slot = state;
          if (slot.running >= maxConcurrent) await new Promise<void>((resolve) => slot.waiting.push(resolve));
          else slot.running++;
          try {
            return await job(...args);
          } finally {
            // The place passes to the next waiting job, or is given back.
            const next = slot.waiting.shift();
            if (next) next();
            else if (--slot.running === 0) keys.delete(id);
          }
        },
      };
    },
  };
}
