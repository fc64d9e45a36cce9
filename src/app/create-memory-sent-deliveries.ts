import type { SentDeliveries } from '../use-cases/notification-sender.ts';

/** Claims kept in this process's memory (capped): enough for one replica; Redis shares them across several. */
export const createMemorySentDeliveries = (capacity = 50_000): SentDeliveries => {
  const claimed = new Set<string>();
  return {
    async claim(id) {
      if (claimed.has(id)) return false;
      claimed.add(id);
      if (claimed.size > capacity) claimed.delete(claimed.values().next().value as string);
      return true;
    },
    async release(id) {
      claimed.delete(id);
      return true;
    },
  };
};
