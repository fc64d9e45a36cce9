import type { Context, Probot } from 'probot';
import { errorMessage } from '../github/ports/error-message.ts';
import type { AppMetrics } from './app-metrics.ts';
import { useDeliveryLog } from './delivery-log.ts';
import { answerableEarly } from './early-answers.ts';
import { type EventRetryPolicy, isTransient, waitBeforeAttempt } from './event-retry.ts';
import { type HandlersInFlight, tracked } from './handlers-in-flight.ts';
import { withDelivery } from './reuse-event-clients.ts';

type Handler = (context: Context) => Promise<void> | void;

export interface InstrumentOptions {
  metrics: AppMetrics;
  retry: EventRetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Where each handler attempt is counted while it runs (a stopping process waits for them). */
  inFlight?: HandlersInFlight;
}

/**
 * The Probot app as the handlers see it, with `app.on` wrapped: each handler runs with a logger carrying the
 * delivery id and event (DeliveryLog: a pino child built at its first line) and as the handling of its
 * delivery (withDelivery: its requests name it), is counted in `change_gate_events_total` by outcome, and
 * when it fails on a transient GitHub error (5xx, no answer, rate limit) it runs again in the background with
 * backoff, so the webhook is answered at once and the event is still applied. Every other member is Probot's
 * own.
 */
export const instrumentApp = (app: Probot, options: InstrumentOptions): Probot => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { metrics } = options;
  // The counter's child per event and outcome, made once (prom-client builds a labels object for each).
  const children = new Map<string, ReturnType<AppMetrics['events']['labels']>>();
  const counted = (event: string, outcome: 'handled' | 'retried' | 'failed') => {
    const key = `${event} ${outcome}`;
    let child = children.get(key);
    if (child === undefined) {
      child = metrics.events.labels({ event, outcome });
      children.set(key, child);
    }
    return child;
  };

  /** One attempt at the handler, as the handling of its delivery (its requests name it: withDelivery). */
  const runHandler = (handler: Handler, context: Context): Promise<void> =>
    tracked(
      options.inFlight,
      withDelivery(context.id, async () => handler(context)),
    );

  const retryLater = async (handler: Handler, context: Context, event: string, firstError: unknown) => {
    let error = firstError;
    for (let attempt = 2; ; attempt++) {
      const wait = waitBeforeAttempt({ error, attempt, policy: options.retry, nowMs: Date.now() });
      if (wait === null) {
        counted(event, 'failed').inc();
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
        await runHandler(handler, context);
        counted(event, 'retried').inc();
        context.log.info(`${event} applied on attempt ${attempt}`);
        return;
      } catch (next) {
        if (!isTransient(next)) {
          counted(event, 'failed').inc();
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
      useDeliveryLog(context, { delivery: context.id, event });
      const answerable = answerableEarly(context);
      const handling = runHandler(handler, context);
      try {
        // The handler ends, or says first that its event is recorded durably (answerNow): then the delivery
        // is answered now and the handler's outcome is settled below, in the background.
        const first = await Promise.race([handling.then(() => 'ended' as const), answerable]);
        if (first !== 'ended') {
          handling.then(
            () => counted(event, 'handled').inc(),
            (error: unknown) => failed(handler, context, event, error, { answered: true }),
          );
          return;
        }
        counted(event, 'handled').inc();
      } catch (error) {
        failed(handler, context, event, error, { answered: false });
      }
    };

  /**
   * A handler that failed: retried in the background after a transient error (the delivery is answered now:
   * GitHub waits 10 s at most); otherwise counted, and thrown to Probot (an error answer) unless the delivery
   * was answered already, when it is logged.
   */
  const failed = (
    handler: Handler,
    context: Context,
    event: string,
    error: unknown,
    delivery: { answered: boolean },
  ): void => {
    if (!isTransient(error) || options.retry.delaysMs.length === 0) {
      counted(event, 'failed').inc();
      if (!delivery.answered) throw error;
      context.log.error(`${event} failed after its delivery was answered: ${errorMessage(error)}`);
      return;
    }
    metrics.retriesPending.inc();
    void retryLater(handler, context, event, error).finally(() => metrics.retriesPending.dec());
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
