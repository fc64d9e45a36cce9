import type { E2E } from '../../../sandbox/harness/start-simulator-and-app.ts';

const PENDING = /^change_gate_event_retries_pending(?:\{[^}]*\})? (\d+)/m;

const retriesPending = async (appUrl: string): Promise<number> =>
  Number(PENDING.exec(await (await fetch(`${appUrl}/metrics`)).text())?.[1] ?? 0);

/**
 * Settles the simulator until the app has no event waiting for a retry (`change_gate_event_retries_pending` on
 * its /metrics): an event whose handler failed for now is answered at once and applied by a retry later, which
 * `sim.settle()` alone does not wait for (and a retry causes more webhooks). Throws after 150 s.
 */
export const quiesce = async (e2e: Pick<E2E, 'sim' | 'appUrl'>): Promise<void> => {
  for (let round = 0; round < 600; round++) {
    await e2e.sim.settle();
    if ((await retriesPending(e2e.appUrl)) === 0) {
      await e2e.sim.settle();
      if ((await retriesPending(e2e.appUrl)) === 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the app still had events waiting for a retry after 150 s');
};
