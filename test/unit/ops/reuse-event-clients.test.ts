import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import nock from 'nock';
import { type Context, Probot } from 'probot';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppMetrics } from '../../../src/ops/app-metrics.ts';
import { createChangeGateOctokit } from '../../../src/ops/change-gate-octokit.ts';
import { instrumentApp } from '../../../src/ops/instrument-app.ts';
import { type AppAuth, reuseEventClients } from '../../../src/ops/reuse-event-clients.ts';
import { API } from '../../support/probot-harness.ts';
import { testPrivateKey } from '../../support/reconcile-harness.ts';
import { expectAllMocksUsed } from '../../support/sealed-nock.ts';

beforeAll(() => nock.disableNetConnect());
afterEach(() => expectAllMocksUsed());

/**
 * The app's Octokit in a real Probot, its handler wrapped as src/index.ts wraps them (instrumentApp): each
 * webhook's handler reads one issue with `context.octokit`, and the clients it was given are kept.
 */
const appWithHandler = (before: (delivery: string) => Promise<void> = async () => undefined) => {
  const probot = new Probot({
    appId: 42,
    privateKey: testPrivateKey(),
    secret: 'secret',
    Octokit: createChangeGateOctokit({ metrics: createAppMetrics() }).defaults({
      retry: { enabled: false },
      throttle: { enabled: false },
    }),
    logLevel: 'fatal',
  });
  const clients: Context['octokit'][] = [];
  probot.load((app) => {
    instrumentApp(app, { metrics: createAppMetrics(), retry: { delaysMs: [], maxWaitMs: 0 } }).on(
      'issues.opened',
      async (context) => {
        clients.push(context.octokit);
        await before(context.id);
        await context.octokit.request('GET /repos/acme/shop/issues/1');
      },
    );
  });
  const receive = (id: string, installation: number | null, payload?: object) =>
    probot.receive({
      id,
      name: 'issues',
      payload: payload ?? {
        action: 'opened',
        ...(installation === null ? {} : { installation: { id: installation } }),
      },
    } as never);
  return { probot, clients, receive };
};

/** GitHub for `installation`: one token, then the issue reads, each answered with the delivery header it got. */
const github = (installation: number, reads: number, deliveries: (string | undefined)[]) =>
  nock(API)
    .post(`/app/installations/${installation}/access_tokens`)
    .reply(201, { token: `ghs_${installation}`, expires_at: '2099-01-01T00:00:00Z', permissions: {} })
    .get('/repos/acme/shop/issues/1')
    .times(reads)
    .reply((request: Request) => {
      deliveries.push(request.headers.get('x-github-delivery') ?? undefined);
      return [200, { number: 1 }];
    });

describe("webhooks' GitHub clients", () => {
  it("are built once per installation and reused by its later webhooks; another installation's are its own", async () => {
    const app = appWithHandler();
    const deliveries: (string | undefined)[] = [];
    github(7, 2, deliveries);
    github(8, 1, deliveries);
    await app.receive('d1', 7);
    await app.receive('d2', 7);
    await app.receive('d3', 8);
    const [first, second, other] = app.clients;
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(deliveries).toEqual(['d1', 'd2', 'd3']);
  });

  it("send the id of the delivery being handled, not the first one's, and none outside a delivery", async () => {
    const app = appWithHandler();
    const deliveries: (string | undefined)[] = [];
    github(7, 3, deliveries);
    await app.receive('first', 7);
    await app.receive('second', 7);
    // The reused client, asked outside any handler: no delivery to name.
    await app.clients[0]?.request('GET /repos/acme/shop/issues/1');
    expect(deliveries).toEqual(['first', 'second', undefined]);
  });

  it('send each delivery its own id when two are handled at once on one client', async () => {
    // The first delivery's request waits until the second's was sent: their handling interleaves.
    let secondSent!: () => void;
    const sent = new Promise<void>((resolve) => (secondSent = resolve));
    const app = appWithHandler(async (delivery) => {
      if (delivery === 'one') await sent;
    });
    const deliveries: (string | undefined)[] = [];
    github(7, 3, deliveries);
    await app.receive('zero', 7); // the client is built and kept
    const one = app.receive('one', 7);
    await app.receive('two', 7);
    secondSent();
    await one;
    expect(app.clients[1]).toBe(app.clients[2]);
    expect(deliveries).toEqual(['zero', 'two', 'one']);
  });

  it('do not keep the payload of the webhook they were first built for', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const app = appWithHandler();
    github(7, 1, []);
    let payload: object | null = { action: 'opened', installation: { id: 7 }, body: 'x'.repeat(100_000) };
    const first = new WeakRef(payload);
    await app.receive('d1', 7, payload);
    payload = null;
    for (let i = 0; i < 3 && first.deref() !== undefined; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    // The client is still kept (the handler holds it too), the webhook's payload is not.
    expect(app.clients).toHaveLength(1);
    expect(first.deref()).toBeUndefined();
  });

  it('of a webhook without an installation are built each time, unauthenticated, as Probot does', async () => {
    const app = appWithHandler();
    // Unauthenticated: GitHub refuses, and the client says why.
    nock(API).get('/repos/acme/shop/issues/1').times(2).reply(401, { message: 'Requires authentication' });
    await expect(app.receive('d1', null)).rejects.toThrow(/installation/);
    await expect(app.receive('d2', null)).rejects.toThrow(/installation/);
    expect(app.clients).toHaveLength(2);
    expect(app.clients[1]).not.toBe(app.clients[0]);
  });
});

describe('reuseEventClients', () => {
  /** An app-level auth that builds a numbered client per call. */
  const counting = () => {
    const built: number[] = [];
    const auth: AppAuth = async (options) => {
      const id = (options as { event: { payload: { installation?: { id: number } } } }).event.payload
        .installation?.id;
      built.push(id ?? 0);
      return { built: built.length, hook: { before: () => undefined } };
    };
    return { auth, built };
  };
  const eventOf = (installation: number, name = 'issues', action = 'opened') => ({
    type: 'event-octokit',
    event: { name, payload: { action, installation: { id: installation } } },
  });

  it('keeps the most recently used installations only', async () => {
    const { auth, built } = counting();
    const reused = reuseEventClients(auth, { max: 2 });
    await reused(eventOf(1));
    await reused(eventOf(2));
    await reused(eventOf(1)); // 1 is now the most recent
    await reused(eventOf(3)); // drops 2
    await reused(eventOf(1));
    await reused(eventOf(2));
    expect(built).toEqual([1, 2, 3, 2]);
  });

  it("drops an installation's client when the app's access to it is revoked, and builds that event's anew", async () => {
    const { auth, built } = counting();
    const reused = reuseEventClients(auth, { max: 10 });
    const kept = await reused(eventOf(5));
    expect(await reused(eventOf(5, 'installation', 'suspend'))).not.toBe(kept);
    expect(await reused(eventOf(5, 'installation', 'unsuspend'))).not.toBe(kept);
    expect(built).toEqual([5, 5, 5]);
  });

  it('passes every other kind of auth through', async () => {
    const asked: unknown[] = [];
    const auth: AppAuth = async (options) => {
      asked.push(options);
      return { token: 'jwt' };
    };
    const reused = reuseEventClients(Object.assign(auth, { hook: 'the hook' }), { max: 10 });
    expect(await reused({ type: 'app' })).toEqual({ token: 'jwt' });
    expect(await reused({ type: 'installation', installationId: 7 })).toEqual({ token: 'jwt' });
    expect(asked).toEqual([{ type: 'app' }, { type: 'installation', installationId: 7 }]);
    expect(reused.hook).toBe('the hook');
  });

  it('builds again after a failed build', async () => {
    let calls = 0;
    const auth: AppAuth = async () => {
      calls++;
      if (calls === 1) throw new Error('no client');
      return { hook: { before: () => undefined } };
    };
    const reused = reuseEventClients(auth, { max: 10 });
    await expect(reused(eventOf(1))).rejects.toThrow('no client');
    await expect(reused(eventOf(1))).resolves.toBeDefined();
    expect(calls).toBe(2);
  });
});
