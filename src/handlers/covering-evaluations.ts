/**
 * Deliveries answered before the evaluation that covers them ran (JoinOutcome `covered`): the evaluations
 * they wait on, by the delivery's context. `oncePerDelivery` marks such a delivery handled only once those
 * succeeded, and gives its claim back when one failed, so a redelivery evaluates again.
 */
const covering = new WeakMap<object, Promise<unknown>[]>();

/** Records that `context`'s delivery was answered by `evaluation`, still to run. */
export const coveredBy = (context: object, evaluation: Promise<unknown>): void => {
  // Its failure is read where the delivery is settled, or not at all (a failed attempt): never unhandled.
  void evaluation.catch(() => undefined);
  covering.set(context, [...(covering.get(context) ?? []), evaluation]);
};

/** The evaluations `context`'s delivery was answered by (settled or not); empty when it ran its own. */
export const coveringEvaluations = (context: object): Promise<unknown>[] => covering.get(context) ?? [];
