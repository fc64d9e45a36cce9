/**
 * Handlers that claim their webhook delivery only when they are about to act (`oncePerDelivery`'s claim is a
 * Redis round trip with replicas): most webhooks ask nothing of the app (people's comments without a command,
 * the app's own check runs and pull request labels), and handling such a delivery twice does nothing twice,
 * so they need no claim. Such a handler calls `claimDelivery(context)` before its first write or evaluation,
 * and stops when it answers false.
 */
const lazyHandlers = new WeakSet<object>();

/**
 * The claim of the attempt running on each delivery's context, taken at its first call. Probot builds a
 * Context per handler (@octokit/webhooks transforms the event once for each), so a handler's claim is its own
 * (`test/unit/handlers/once-per-delivery.test.ts` checks that of the installed Probot). A WeakMap rather than
 * AsyncLocalStorage: every timer and promise made in the handler would keep the claim (and what it holds)
 * alive, and under a burst those outlived the young generation. A claim must not hold its Context (the key):
 * young-generation collections keep a WeakMap value's key alive, payload and all (once-per-delivery.ts).
 */
const attempts = new WeakMap<object, () => Promise<boolean>>();

/** Registers `handler` (passed to `app.on` as it is) as one that calls `claimDelivery` before it acts. */
export const claimsWhenActing = <Handler extends object>(handler: Handler): Handler => {
  lazyHandlers.add(handler);
  return handler;
};

/** Whether `handler` was registered with `claimsWhenActing`. */
export const isClaimedWhenActing = (handler: object): boolean => lazyHandlers.has(handler);

/**
 * The attempt now running on `context` claims by `claim` (`oncePerDelivery`, before each attempt of every
 * handler: one that claimed before it ran answers true at once).
 */
export const setActingClaim = (context: object, claim: () => Promise<boolean>): void => {
  attempts.set(context, claim);
};

/**
 * Claims the delivery of `context` for the running handler attempt (once per attempt): true when this replica
 * handles it, false when another replica handles or handled it (then the handler does nothing). Throws for a
 * context `oncePerDelivery` is not running (a copy of it, a handler registered around it): acting on it
 * unclaimed would lose the de-duplication without a word.
 */
export const claimDelivery = (context: object): Promise<boolean> => {
  const claim = attempts.get(context);
  if (claim === undefined) {
    return Promise.reject(
      new Error(
        "claimDelivery: no delivery claim for this context (not the handler's own, or not under oncePerDelivery)",
      ),
    );
  }
  return claim();
};
