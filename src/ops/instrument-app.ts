import type { Context, Probot } from 'probot';
import { errorMessage } from '../github/ports/error-message.ts';
import type { AppMetrics } from './app-metrics.ts';
import { type EventRetryPolicy, isTransient, waitBeforeAttempt } from './event-retry.ts';

type Handler = (context: Context) => Promise<void> | void;

export interface InstrumentOptions {
  metrics: AppMetrics;
  retry: EventRetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The Probot app as the handlers see it, with `app.on` wrapped: each handler runs with a logger carrying the
 * delivery id and event (pino child), is counted in `change_gate_events_total` by outcome, and when it fails
 * on a transient GitHub error (5xx, no answer, rate limit) it runs again in the background with backoff, so
 * the webhook is answered at once and the event is still applied. Every other member is Probot's own.
 */
export const instrumentApp = (app: Probot, options: InstrumentOptions): Probot => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { metrics } = options;

  const retryLater = async (handler: Handler, context: Context, event: string, firstError: unknown) => {
    let error = firstError;
    for (let attempt = 2; ; attempt++) {
      const wait = waitBeforeAttempt({ error, attempt, policy: options.retry, nowMs: Date.now() });
      if (wait === null) {
        metrics.events.inc({ event, outcome: 'failed' });
        context.log.error(
          `${event} not applied after ${attempt - 1} attempts: ${errorMessage(error)}; the sweep will catch up`,
        );
        return;
      }
      context.log.warn(
        `${event} failed (${errorMessage(error)}); attempt ${attempt} in ${Math.round(wait / 1000)} s`,
      );
      await sleep(wait);
      try {
        await handler(context);
        metrics.events.inc({ event, outcome: 'retried' });
        context.log.info(`${event} applied on attempt ${attempt}`);
        return;
      } catch (next) {
        if (!isTransient(next)) {
          metrics.events.inc({ event, outcome: 'failed' });
          context.log.error(`${event} failed on attempt ${attempt}: ${errorMessage(next)}`);
          return;
        }
        error = next;
      }
    }
  };

  const wrap =
    (handler: Handler): Handler =>
    async (context) => {
      const event = `${context.name}${typeof context.payload === 'object' && 'action' in context.payload ? `.${String(context.payload.action)}` : ''}`;
      context.log = context.log.child({ delivery: context.id, event });
      try {
        await handler(context);
        metrics.events.inc({ event, outcome: 'handled' });
      } catch (error) {
        if (!isTransient(error) || options.retry.delaysMs.length === 0) {
          metrics.events.inc({ event, outcome: 'failed' });
          throw error;
        }
        // Answered now (GitHub waits 10 s at most), applied by the retries.
        metrics.retriesPending.inc();
        void retryLater(handler, context, event, error).finally(() => metrics.retriesPending.dec());
      }
    };

  const on = ((events: Parameters<Probot['on']>[0], handler: Handler) =>
    app.on(events, wrap(handler) as never)) as Probot['on'];
  return new Proxy(app, {
    get(target, property) {
      if (property === 'on') return on;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
