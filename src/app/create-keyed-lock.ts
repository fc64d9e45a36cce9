import { EXCLUSIVE_HOLD, type KeyedLock } from '../use-cases/keyed-lock.ts';

/** The lock of one process: a chain of promises per key. */
export const createKeyedLock = (): KeyedLock => {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const start = () => work(EXCLUSIVE_HOLD);
      const result = previous.then(start, start);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
};
