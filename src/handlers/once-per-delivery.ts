import type { Context, Probot } from 'probot';
import type { DeliveryClaim, DeliveryClaims } from '../use-cases/delivery-claims.ts';
import { isClaimedWhenActing, setActingClaim } from './claim-when-acting.ts';
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

/** What `claimDelivery` answers in a handler that claimed its delivery before it ran. */
const claimedBefore = async (): Promise<boolean> => true;

/** What an attempt's claim keeps of its delivery: its logger and names, never the Context (attemptClaim). */
interface DeliveryNames {
  log: Context['log'];
  id: string;
  name: string;
}

/**
 * One attempt's claim on its delivery (`key`), taken at the first `take()` and kept; `acting` is what
 * `claimDelivery` asks in a handler that claims when acting. It holds the delivery's logger and names, not its
 * Context: `acting` is kept in a WeakMap keyed by the Context (claim-when-acting.ts), and a value that holds
 * its own key kept every webhook's payload alive through young-generation collections (the app's CPU per event
 * 0.28–0.33 ms instead of 0.21–0.23 in `node bench/part.ts throughput-one`, paired runs).
 */
const attemptClaim = (claims: DeliveryClaims, key: string, delivery: DeliveryNames) => {
  let claiming: Promise<DeliveryClaim | null> | null = null;
  const take = (): Promise<DeliveryClaim | null> => {
    claiming ??= claims.claim(key).then((taken) => {
      if (!taken) {
        delivery.log.info(
          { delivery: delivery.id, event: delivery.name },
          `delivery ${delivery.id} (${delivery.name}) is handled by another replica: skipped`,
        );
      }
      return taken;
    });
    return claiming;
  };
  return {
    take,
    /** The claim if one was taken (null when none was, or the delivery is handled elsewhere). */
    taken: async (): Promise<DeliveryClaim | null> => claiming,
    acting: async (): Promise<boolean> => (await take()) !== null,
  };
};

/**
 * The app as the handlers see it, with every handler run once per webhook delivery across replicas: it
 * claims `<delivery id>#<handler>` first (the handler's place in registration order, the same in every
 * replica), skips a delivery claimed before, marks it handled on success (without waiting) and gives it back
 * on failure (the failure still answers the webhook with an error, so a redelivery or the sweep can handle it).
 * A delivery answered before the evaluation that covers it ran is marked handled only once that evaluation
 * succeeded, and given back if it failed: a redelivery of it then evaluates again. A handler registered with
 * `claimsWhenActing` claims only when it calls `claimDelivery(context)` (before it acts): a delivery it leaves
 * alone costs no claim.
 */
export const oncePerDelivery = (app: Probot, claims: DeliveryClaims): Probot => {
  let registered = 0;
  const on = (events: Parameters<Probot['on']>[0], handler: Handler): void => {
    const whenActing = isClaimedWhenActing(handler);
    const ordinal = registered++;
    app.on(events, async (context: Context) => {
      const attempt = attemptClaim(claims, `${context.id}#${ordinal}`, {
        log: context.log,
        id: context.id,
        name: context.name,
      });
      if (!whenActing && !(await attempt.take())) return;
      // Only this attempt's covering evaluations (a retried handler runs again on the same context).
      const earlier = coveringEvaluations(context).length;
      try {
        setActingClaim(context, whenActing ? attempt.acting : claimedBefore);
        await handler(context);
      } catch (error) {
        await (await attempt.taken())?.release();
        throw error;
      }
      // A handler that claims when acting and never did asked nothing: nothing to mark.
      const taken = await attempt.taken();
      if (!taken) return;
      // Not awaited (a Redis round trip less per webhook): until `handled` is written the claim itself makes
      // the other replicas skip the delivery, and a claim never marked handled expires (a redelivery after
      // that is handled again, which writes nothing twice).
      void settle(taken, coveringEvaluations(context).slice(earlier)).catch(() => undefined);
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
