import type { Context } from 'probot';

/** Each delivery's logger before our fields were added (Probot's own child for the event). */
const parents = new WeakMap<object, Pick<Context['log'], 'isLevelEnabled'>>();

/** Remembers the logger `context`'s delivery logger is built from (instrumentApp's withDeliveryLog). */
export const rememberDeliveryLogParent = (
  context: object,
  parent: Pick<Context['log'], 'isLevelEnabled'>,
): void => {
  parents.set(context, parent);
};

/**
 * Whether `context`'s delivery logs at debug, asked without building its logger (a pino child per event is
 * work and garbage for nothing when the line is dropped). True when unknown: the line is then written.
 */
export const logsDebug = (context: object): boolean => {
  const parent = parents.get(context);
  return typeof parent?.isLevelEnabled !== 'function' || parent.isLevelEnabled('debug');
};
