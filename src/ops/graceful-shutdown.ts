import { settingDuration } from '../core/text/setting-duration.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import type { HandlersInFlight } from './handlers-in-flight.ts';

export const DEFAULT_SHUTDOWN_TIMEOUT = '20s';

/**
 * `CHANGE_GATE_SHUTDOWN_TIMEOUT` (a duration, `20s` by default): how long a stopping process lets the webhooks
 * in flight finish. Read once at start; a value that is not a duration stops the app.
 */
export const shutdownTimeoutMs = (env: Record<string, string | undefined>): number =>
  settingDuration('CHANGE_GATE_SHUTDOWN_TIMEOUT', env.CHANGE_GATE_SHUTDOWN_TIMEOUT, {
    fallback: DEFAULT_SHUTDOWN_TIMEOUT,
    offable: false,
  });

export interface ShutdownOptions {
  /** Probot's server: `stop()` takes no new connection and resolves once the requests in flight are answered. */
  server: { stop(): Promise<void> };
  /** The handlers still running, their deliveries answered or not, and the notifications they queued. */
  handlers: Pick<HandlersInFlight, 'stop' | 'count' | 'idle' | 'handBack'>;
  timeoutMs: number;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  /** Webhooks that failed on a transient GitHub error and wait to be handled again: dropped by the stop. */
  pendingRetries: () => Promise<number>;
  /** Closes what else the process holds open (its Redis connection). */
  close: () => Promise<void>;
  exit: (code: number) => void;
}

/** What `HandlersInFlight` counts: webhook handlers, and the sweep's, heal and handed-back rounds. */
const handlers = (count: number): string =>
  `${count} ${count === 1 ? 'handler or round' : 'handlers or rounds'}`;

/**
 * A stop on SIGTERM (`docker stop`, a rolling update) or SIGINT: no new connection is taken; the webhooks in
 * flight are answered, and what `handlers` counts ends (handlers going on after their delivery was answered,
 * the notifications they queued, a sweep, heal or handed-back round under way), for at most `timeoutMs`; then
 * the rest is closed and the process exits, 0, or 1 when the time ran out. The scheduled retries of failed webhooks are
 * dropped, and said so: their changes were marked dirty (the heal round, with Redis) and are due for the sweep.
 * When the stop is not clean, the notifications waiting to be tried again are handed back first
 * (NotificationQueue.handBack), while Redis is still open.
 */
export const shutDown = async (signal: string, options: ShutdownOptions): Promise<void> => {
  const started = Date.now();
  // No new sweep, heal or handed-back round from now on, while the requests in flight are answered.
  options.handlers.stop();
  const dropped = await options.pendingRetries().catch(() => 0);
  const running = options.handlers.count();
  options.log.info(
    `${signal}: stopping: no new webhooks; ${handlers(running)} running and the notifications queued given ${options.timeoutMs / 1000} s to end${
      dropped > 0
        ? `; ${dropped} scheduled ${dropped === 1 ? 'retry is' : 'retries are'} dropped (the heal round and the sweep take their changes up)`
        : ''
    }`,
  );
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    options.server.stop().then(
      () => options.handlers.idle().then(() => 'stopped' as const),
      (error: unknown) => errorMessage(error),
    ),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  // Not stopped cleanly: the notifications waiting to be tried again give their claims back (before Redis closes).
  const handedBack = outcome === 'stopped' ? 0 : await options.handlers.handBack().catch(() => 0);
  await options.close().catch((error: unknown) => options.log.warn(`stopping: ${errorMessage(error)}`));
  if (outcome === 'stopped') {
    options.log.info(`stopped after ${Date.now() - started} ms`);
    options.exit(0);
  } else {
    options.log.warn(
      outcome === 'timeout'
        ? `stopped after ${options.timeoutMs / 1000} s with ${handlers(options.handlers.count())} still running, or notifications unsent: a delivery not yet answered fails at GitHub (the heal round and the sweep take its change up)${handedBackText(handedBack)}`
        : `stopping the server failed: ${outcome}${handedBackText(handedBack)}`,
    );
    options.exit(1);
  }
};

const handedBackText = (count: number): string =>
  count === 0
    ? ''
    : `; ${count} notification ${count === 1 ? 'delivery' : 'deliveries'} waiting to be tried again handed back (logged above)`;

/** A signal this soon after the first is the same stop told twice (npm passes its own on to the app). */
const REPEAT_WITHIN_MS = 1_000;

/**
 * Stops the process gracefully on SIGTERM and SIGINT (see shutDown). Another signal a second or more later exits
 * with 1 at once; one sooner is the same stop (a process group signalled, and npm passing it on).
 * `replacing`: listeners this takes the place of (Probot's SIGINT listener exits as soon as its server is
 * stopped, without a limit or closing Redis). Returns what takes the listeners off again.
 */
export const shutDownOnSignals = (
  options: ShutdownOptions & { replacing?: { signal: NodeJS.Signals; listener: () => void }[] },
): (() => void) => {
  let stoppingSince: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince === null) {
      stoppingSince = Date.now();
      void shutDown(signal, options);
    } else if (Date.now() - stoppingSince >= REPEAT_WITHIN_MS) {
      options.log.warn(`${signal} again: exiting now`);
      options.exit(1);
    }
  };
  for (const { signal, listener } of options.replacing ?? []) process.off(signal, listener);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
};
