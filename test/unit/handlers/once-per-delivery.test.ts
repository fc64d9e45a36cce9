import type { Context, Probot } from 'probot';
import { describe, expect, it, vi } from 'vitest';
import { coveredBy } from '../../../src/handlers/covering-evaluations.ts';
import { oncePerDelivery } from '../../../src/handlers/once-per-delivery.ts';
import type { DeliveryClaims } from '../../../src/use-cases/delivery-claims.ts';

type Handler = (context: Context) => Promise<void>;

/** A Probot that only registers handlers, and claims that record what became of each delivery. */
const harness = (options: { claimed?: boolean } = {}) => {
  const handlers: Handler[] = [];
  const app = { on: (_events: unknown, handler: Handler) => handlers.push(handler) } as unknown as Probot;
  const outcome: string[] = [];
  const claims: DeliveryClaims = {
    claim: async (id) =>
      options.claimed === false
        ? null
        : {
            done: async () => {
              outcome.push(`done ${id}`);
            },
            release: async () => {
              outcome.push(`released ${id}`);
            },
          },
  };
  const wrapped = oncePerDelivery(app, claims);
  const context = () =>
    ({ id: 'delivery-1', name: 'pull_request', log: { info: vi.fn() } }) as unknown as Context;
  return { wrapped, handlers, outcome, context };
};

describe('oncePerDelivery', () => {
  it('marks a delivery handled by its own evaluation handled: a redelivery is skipped', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    wrapped.on('pull_request', async () => undefined);
    await handlers[0]!(context());
    await vi.waitFor(() => expect(outcome).toEqual(['done delivery-1#0']));
  });

  it('gives a failed delivery back and answers with the error', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    wrapped.on('pull_request', async () => {
      throw new Error('GitHub answered 502');
    });
    await expect(handlers[0]!(context())).rejects.toThrow('502');
    expect(outcome).toEqual(['released delivery-1#0']);
  });

  it('marks a covered delivery handled only once the evaluation covering it succeeded', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    let succeed: (value: unknown) => void = () => undefined;
    const covering = new Promise((resolve) => {
      succeed = resolve;
    });
    wrapped.on('pull_request', async (ctx: Context) => coveredBy(ctx, covering));
    await handlers[0]!(context());
    // Answered, but neither handled nor given back while the covering evaluation runs.
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome).toEqual([]);
    succeed('decision');
    await vi.waitFor(() => expect(outcome).toEqual(['done delivery-1#0']));
  });

  it('gives a covered delivery back when the evaluation covering it failed: a redelivery evaluates again', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    let fail: (error: unknown) => void = () => undefined;
    const covering = new Promise((_resolve, reject) => {
      fail = reject;
    });
    wrapped.on('pull_request', async (ctx: Context) => coveredBy(ctx, covering));
    // The handler itself succeeded: the webhook is answered 2xx.
    await expect(handlers[0]!(context())).resolves.toBeUndefined();
    fail(new Error('GitHub answered 502'));
    await vi.waitFor(() => expect(outcome).toEqual(['released delivery-1#0']));
  });

  it('waits for every evaluation covering the delivery: one failure gives it back', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    wrapped.on('pull_request', async (ctx: Context) => {
      coveredBy(ctx, Promise.resolve('one'));
      coveredBy(ctx, Promise.reject(new Error('two failed')));
    });
    await handlers[0]!(context());
    await vi.waitFor(() => expect(outcome).toEqual(['released delivery-1#0']));
  });

  it('a retried attempt answers for itself: a covering evaluation of an earlier attempt that failed is not held against it', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    let attempt = 0;
    wrapped.on('pull_request', async (ctx: Context) => {
      attempt += 1;
      if (attempt === 1) {
        coveredBy(ctx, Promise.reject(new Error('first covering evaluation failed')));
        throw new Error('GitHub answered 502');
      }
    });
    const ctx = context();
    await expect(handlers[0]!(ctx)).rejects.toThrow('502');
    await handlers[0]!(ctx);
    await vi.waitFor(() => expect(outcome).toEqual(['released delivery-1#0', 'done delivery-1#0']));
  });

  it('skips a delivery claimed before, without running the handler', async () => {
    const { wrapped, handlers, context } = harness({ claimed: false });
    const handler = vi.fn(async () => undefined);
    wrapped.on('pull_request', handler);
    await handlers[0]!(context());
    expect(handler).not.toHaveBeenCalled();
  });
});
