import type { KeyedLock } from './keyed-lock.ts';

/**
 * Runs `work` under `lock`'s `key` and tells, with its value, whether the key was held alone throughout (the
 * hold as it stands once `run` has returned: the release may still find the lease had lapsed).
 */
export const runWithHold = async <T>(
  lock: KeyedLock,
  key: string,
  work: () => Promise<T>,
): Promise<{ value: T; exclusive: boolean }> => {
  let hold: { readonly exclusive: boolean } | undefined;
  const value = await lock.run(key, (held) => {
    hold = held;
    return work();
  });
  return { value, exclusive: hold?.exclusive ?? true };
};
