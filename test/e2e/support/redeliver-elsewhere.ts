import type { E2E } from '../../../sandbox/harness/start-simulator-and-app.ts';

/**
 * Redelivers every delivery since `from` (not itself a redelivery) at once to the replica after the one it went
 * to, in `urls`' order: each webhook reaches two replicas while the first still handles it.
 */
export const redeliverElsewhere = (sim: E2E['sim'], urls: readonly string[], from: number) =>
  sim.deliveries
    .slice(from)
    .filter((delivery) => !delivery.redelivery)
    .map((delivery) => {
      const next = urls[(urls.indexOf(delivery.url) + 1) % urls.length] as string;
      return sim.redeliver(delivery.id, { url: next });
    });
