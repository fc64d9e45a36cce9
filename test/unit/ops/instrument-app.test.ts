import type { Context, Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import { createAppMetrics } from '../../../src/ops/app-metrics.ts';
import { instrumentApp } from '../../../src/ops/instrument-app.ts';

type Handler = (context: Context) => Promise<void>;

/** The app's instrumentation around a fake Probot that hands back the wrapped handler. */
const instrumented = (handler: Handler) => {
  let wrapped: Handler | undefined;
  const probot = {
    on: (_events: unknown, registered: Handler) => (wrapped = registered),
  } as unknown as Probot;
  const waits: number[] = [];
  const app = instrumentApp(probot, {
    metrics: createAppMetrics(),
    retry: { delaysMs: [10, 20], maxWaitMs: 1000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  app.on('pull_request.opened', handler);
  const log = { child: () => log, info: () => undefined, warn: () => undefined, error: () => undefined };
  const context = { id: 'delivery-1', name: 'pull_request', payload: { action: 'opened' }, log } as never;
  return { deliver: () => (wrapped as Handler)(context), waits };
};

describe('instrumentApp', () => {
  it('answers at once and handles the event again when GitHub failed for now (a 502)', async () => {
    let attempts = 0;
    let handled!: () => void;
    const done = new Promise<void>((resolve) => {
      handled = resolve;
    });
    const { deliver, waits } = instrumented(async () => {
      attempts++;
      if (attempts === 1)
        throw Object.assign(new Error('Bad Gateway'), {
          status: 502,
          request: { method: 'POST', url: 'https://api.github.com/graphql' },
          response: { headers: {} },
        });
      handled();
    });
    await deliver();
    await done;
    expect(attempts).toBe(2);
    expect(waits).toEqual([10]);
  });

  it('fails the delivery on an error that is not worth retrying', async () => {
    const { deliver, waits } = instrumented(async () => {
      throw new Error('a bug');
    });
    await expect(deliver()).rejects.toThrow('a bug');
    expect(waits).toEqual([]);
  });
});
