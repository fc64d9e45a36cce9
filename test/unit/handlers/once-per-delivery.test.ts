import { type Context, Probot } from 'probot';
import { describe, expect, it, vi } from 'vitest';
import { claimDelivery, claimsWhenActing } from '../../../src/handlers/claim-when-acting.ts';
import { coveredBy } from '../../../src/handlers/covering-evaluations.ts';
import { oncePerDelivery } from '../../../src/handlers/once-per-delivery.ts';
import { everyDelivery } from '../../../src/use-cases/delivery-claims.ts';
import { recordingClaims } from '../../support/recording-claims.ts';

/** `oncePerDelivery` over a Probot that only registers handlers, with claims that record each delivery's fate. */
const harness = (options: { claimed?: boolean } = {}) => {
  const { app, handlers, outcome, claims } = recordingClaims(options);
  const wrapped = oncePerDelivery(app, claims);
  const context = () =>
    ({ id: 'delivery-1', name: 'pull_request', log: { info: vi.fn() } }) as unknown as Context;
  return { wrapped, handlers, outcome, context };
};

/** Runs the first handler twice on one context, its first attempt failing: the claim is given back and taken again. */
const expectRetriedOnce = async ({ handlers, outcome, context }: ReturnType<typeof harness>) => {
  const ctx = context();
  await expect(handlers[0]!(ctx)).rejects.toThrow('502');
  await handlers[0]!(ctx);
  await vi.waitFor(() =>
    expect(outcome).toEqual([
      'claimed delivery-1#0',
      'released delivery-1#0',
      'claimed delivery-1#0',
      'done delivery-1#0',
    ]),
  );
};

describe('oncePerDelivery', () => {
  it('marks a delivery handled by its own evaluation handled: a redelivery is skipped', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    wrapped.on('pull_request', async () => undefined);
    await handlers[0]!(context());
    await vi.waitFor(() => expect(outcome).toEqual(['claimed delivery-1#0', 'done delivery-1#0']));
  });

  it('gives a failed delivery back and answers with the error', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    wrapped.on('pull_request', async () => {
      throw new Error('GitHub answered 502');
    });
    await expect(handlers[0]!(context())).rejects.toThrow('502');
    expect(outcome).toEqual(['claimed delivery-1#0', 'released delivery-1#0']);
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
    expect(outcome).toEqual(['claimed delivery-1#0']);
    succeed('decision');
    await vi.waitFor(() => expect(outcome).toEqual(['claimed delivery-1#0', 'done delivery-1#0']));
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
    await vi.waitFor(() => expect(outcome).toEqual(['claimed delivery-1#0', 'released delivery-1#0']));
  });

  it('waits for every evaluation covering the delivery: one failure gives it back', async () => {
    const { wrapped, handlers, outcome, context } = harness();
    wrapped.on('pull_request', async (ctx: Context) => {
      coveredBy(ctx, Promise.resolve('one'));
      coveredBy(ctx, Promise.reject(new Error('two failed')));
    });
    await handlers[0]!(context());
    await vi.waitFor(() => expect(outcome).toEqual(['claimed delivery-1#0', 'released delivery-1#0']));
  });

  it('a retried attempt answers for itself: a covering evaluation of an earlier attempt that failed is not held against it', async () => {
    const retried = harness();
    let attempt = 0;
    retried.wrapped.on('pull_request', async (ctx: Context) => {
      attempt += 1;
      if (attempt === 1) {
        coveredBy(ctx, Promise.reject(new Error('first covering evaluation failed')));
        throw new Error('GitHub answered 502');
      }
    });
    await expectRetriedOnce(retried);
  });

  it('skips a delivery claimed before, without running the handler', async () => {
    const { wrapped, handlers, context } = harness({ claimed: false });
    const handler = vi.fn(async () => undefined);
    wrapped.on('pull_request', handler);
    await handlers[0]!(context());
    expect(handler).not.toHaveBeenCalled();
  });

  describe('a handler that claims when acting', () => {
    it('costs no claim when it leaves the delivery alone', async () => {
      const { wrapped, handlers, outcome, context } = harness();
      wrapped.on(
        'issue_comment',
        claimsWhenActing(async () => undefined),
      );
      await handlers[0]!(context());
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(outcome).toEqual([]);
    });

    it('claims once when it acts, however often it asks, and marks the delivery handled after', async () => {
      const { wrapped, handlers, outcome, context } = harness();
      const answers: boolean[] = [];
      wrapped.on(
        'check_run',
        claimsWhenActing(async (ctx: Context) => {
          answers.push(await claimDelivery(ctx), await claimDelivery(ctx));
        }),
      );
      await handlers[0]!(context());
      expect(answers).toEqual([true, true]);
      await vi.waitFor(() => expect(outcome).toEqual(['claimed delivery-1#0', 'done delivery-1#0']));
    });

    it('is told to leave a delivery claimed elsewhere alone, and neither marks nor gives it back', async () => {
      const { wrapped, handlers, outcome, context } = harness({ claimed: false });
      const acted = vi.fn();
      wrapped.on(
        'issue_comment',
        claimsWhenActing(async (ctx: Context) => {
          if (await claimDelivery(ctx)) acted();
        }),
      );
      await handlers[0]!(context());
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(acted).not.toHaveBeenCalled();
      expect(outcome).toEqual(['claimed delivery-1#0']);
    });

    it('gives the claim back when it fails after claiming; fails alone when it failed before', async () => {
      const { wrapped, handlers, outcome, context } = harness();
      let claimFirst = true;
      wrapped.on(
        'pull_request',
        claimsWhenActing(async (ctx: Context) => {
          if (claimFirst) await claimDelivery(ctx);
          throw new Error('GitHub answered 502');
        }),
      );
      await expect(handlers[0]!(context())).rejects.toThrow('502');
      claimFirst = false;
      await expect(handlers[0]!(context())).rejects.toThrow('502');
      expect(outcome).toEqual(['claimed delivery-1#0', 'released delivery-1#0']);
    });

    it('claims afresh on each attempt: a retry after a failure that gave the claim back takes it again', async () => {
      const retried = harness();
      let attempt = 0;
      retried.wrapped.on(
        'pull_request',
        claimsWhenActing(async (ctx: Context) => {
          attempt += 1;
          await claimDelivery(ctx);
          if (attempt === 1) throw new Error('GitHub answered 502');
        }),
      );
      await expectRetriedOnce(retried);
    });

    it('answers true at once in a handler that claimed before it ran', async () => {
      const { wrapped, handlers, outcome, context } = harness();
      const answers: boolean[] = [];
      wrapped.on('issues', async (ctx: Context) => {
        answers.push(await claimDelivery(ctx));
      });
      await handlers[0]!(context());
      expect(answers).toEqual([true]);
      await vi.waitFor(() => expect(outcome).toEqual(['claimed delivery-1#0', 'done delivery-1#0']));
    });

    it('Probot builds a Context per handler: two handlers of one event never share a claim', async () => {
      const probot = new Probot({ appId: 1, privateKey: 'unused', secret: 'unused', logLevel: 'fatal' });
      const seen: object[] = [];
      await probot.load((app: Probot) => {
        const wrapped = oncePerDelivery(app, everyDelivery);
        wrapped.on(
          'issues.opened',
          claimsWhenActing(async (ctx: Context) => void seen.push(ctx)),
        );
        wrapped.on(
          'issues',
          claimsWhenActing(async (ctx: Context) => void seen.push(ctx)),
        );
      });
      await probot.receive({
        id: 'delivery-2',
        name: 'issues',
        payload: { action: 'opened', issue: { number: 1 }, repository: { name: 'r', owner: { login: 'o' } } },
      } as never);
      expect(seen).toHaveLength(2);
      expect(seen[0]).not.toBe(seen[1]);
    });

    it('refuses a context no handler attempt runs on (a copy of it): acting unclaimed would go unseen', async () => {
      await expect(claimDelivery({})).rejects.toThrow(/no delivery claim for this context/);
    });
  });
});
