import type { Context, Probot } from 'probot';
import type { DeliveryClaim, DeliveryClaims } from '../use-cases/delivery-claims.ts';
import { coveringEvaluations } from './covering-evaluations.ts';

type Handler = (context: Context) => Promise<void> | void;

/** Handled once every evaluation that covers the delivery succeeded (none: at once); given back otherwise. */
const settle = async (claim: DeliveryClaim, covering: Promise<unknown>[]): Promise<void> => {
  try {
    await Promise.all(covering);
  } catch {
    await claim.release();
    return;
  }
  await claim.done();
};

/**
 * The app as the handlers see it, with every handler run once per webhook delivery across replicas: it
 * claims `<delivery id>#<handler>` first (the handler's place in registration order, the same in every
 * replica), skips a delivery claimed before, marks it handled on success (without waiting) and gives it back
 * on failure (the failure still answers the webhook with an error, so a redelivery or the sweep can handle it).
 * A delivery answered before the evaluation that covers it ran is marked handled only once that evaluation
 * succeeded, and given back if it failed: a redelivery of it then evaluates again.
 */
export const oncePerDelivery = (app: Probot, claims: DeliveryClaims): Probot => {
  let registered = 0;
  const on = (events: Parameters<Probot['on']>[0], handler: Handler): void => {
    const ordinal = registered++;
    app.on(events, async (context: Context) => {
      const claim = await claims.claim(`${context.id}#${ordinal}`);
      if (!claim) {
        context.log.info(
          { delivery: context.id, event: context.name },
          `delivery ${context.id} (${context.name}) is handled by another replica: skipped`,
        );
        return;
      }
      // Only this attempt's covering evaluations (a retried handler runs again on the same context).
      const earlier = coveringEvaluations(context).length;
      try {
        await handler(context);
      } catch (error) {
        await claim.release();
        throw error;
      }
      // Not awaited (a Redis round trip less per webhook): until `handled` is written the claim itself makes
      // the other replicas skip the delivery, and a claim never marked handled expires (a redelivery after
      // that is handled again, which writes nothing twice).
      void settle(claim, coveringEvaluations(context).slice(earlier)).catch(() => undefined);
    });
  };
  return new Proxy(app, {
    get(target, key) {
      if (key === 'on') return on;
      const value: unknown = Reflect.get(target, key, target);
      // Probot keeps its state in private fields: its methods must run on the real instance.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
