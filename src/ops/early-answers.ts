/**
 * Webhook deliveries that may be answered before their handler ends: `instrumentApp` asks for each delivery's
 * context before its handler runs, and a handler says when its event is recorded durably (with Redis, its
 * change's dirty mark: until an evaluation that began reading after it succeeds, the heal round evaluates the
 * change). The delivery is then answered at once, and the handler goes on: its outcome is counted, logged and,
 * after a transient failure, retried in the background as for any delivery answered before it was handled.
 */
const answers = new WeakMap<object, () => void>();

/** Resolves once the handler of `context`'s delivery said its event is recorded (never, if it does not). */
export const answerableEarly = (context: object): Promise<void> =>
  new Promise<void>((resolve) => {
    answers.set(context, resolve);
  });

/** The handler's event is recorded durably: its delivery may be answered now, while the handler goes on. */
export const answerNow = (context: object): void => {
  const answer = answers.get(context);
  answers.delete(context);
  answer?.();
};
