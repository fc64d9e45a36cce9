/**
 * What work run under a KeyedLock knows of its hold on the key, final once `run` has returned.
 * `exclusive`: no other process can have run work under the key meanwhile. True for the lock of one process,
 * and for a lock shared through Redis whose lease was held from before the work until its release. False when
 * the work ran under this process's lock alone because Redis could not be asked, or the lease lapsed or its
 * release could not be confirmed: another replica may have evaluated the same change at the same time, from
 * what it read before this one wrote (and written after it).
 */
export interface LockHold {
  readonly exclusive: boolean;
}

/** The hold of a lock no other process shares. */
export const EXCLUSIVE_HOLD: LockHold = Object.freeze({ exclusive: true });

/**
 * Serialises work per key: two webhooks racing on one change are evaluated one after the other, so the
 * second sees what the first wrote (no duplicate history, no lost entry).
 */
export interface KeyedLock {
  run<T>(key: string, work: (hold: LockHold) => Promise<T>): Promise<T>;
}
