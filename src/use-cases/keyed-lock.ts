/**
 * Serialises work per key: two webhooks racing on one change are evaluated one after the other, so the
 * second sees what the first wrote (no duplicate history, no lost entry).
 */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}
