import { Probot } from 'probot';
import { afterEach, describe, expect, test, vi } from 'vitest';
import changeGate from '../../src/index.ts';
import {
  type BackgroundWork,
  createHandlersInFlight,
  type HandlersInFlight,
} from '../../src/ops/handlers-in-flight.ts';
import { APP_ID } from '../support/probot-harness.ts';
import { testPrivateKey } from '../support/reconcile-harness.ts';

/** The app loaded as Probot's server loads it (with `addHandler`), under `env`. */
const load = (env: Record<string, string>, inFlight?: HandlersInFlight) => {
  for (const [name, value] of Object.entries({ PRIVATE_KEY: testPrivateKey(), ...env }))
    vi.stubEnv(name, value);
  const probot = new Probot({ appId: APP_ID, privateKey: testPrivateKey(), secret: 'secret' });
  const handlers: unknown[] = [];
  return {
    load: () =>
      changeGate(probot, {
        addHandler: (handler) => handlers.push(handler),
        ...(inFlight ? { inFlight } : {}),
      }),
    handlers,
  };
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a setting the app cannot read stops it at start, with the setting named', () => {
  test('CHANGE_GATE_API_RATE_LIMIT: not a silently missing REST API', () => {
    const app = load({ CHANGE_GATE_API_RATE_LIMIT: 'lots' });
    expect(app.load).toThrow(/^CHANGE_GATE_API_RATE_LIMIT: "lots" is not/);
  });

  test('with readable settings, the operations endpoints and the REST API are both served', () => {
    const app = load({ CHANGE_GATE_API_RATE_LIMIT: '60/1m' });
    app.load();
    expect(app.handlers).toHaveLength(2);
  });
});

describe('a stopping process', () => {
  test('waits for the notification queue too: the app hands it to the handlers in flight', async () => {
    const inFlight = createHandlersInFlight();
    const waitedFor: BackgroundWork[] = [];
    const alsoWaitFor = inFlight.alsoWaitFor;
    inFlight.alsoWaitFor = (work) => {
      waitedFor.push(work);
      alsoWaitFor(work);
    };
    load({}, inFlight).load();
    // The notification queue, and the sweep's round leases (given back when a stop cuts the round off); no heal
    // round without Redis.
    expect(waitedFor).toHaveLength(2);
    // The notification queue itself: waited for, and asked to hand back what waits to be tried again when time
    // runs out.
    const queue = waitedFor.find((work) => 'enqueue' in work);
    expect(queue?.handBack).toBeTypeOf('function');
    // Nothing queued: the queue is idle at once, and nothing is handed back.
    await expect(inFlight.idle()).resolves.toBeUndefined();
    await expect(inFlight.handBack()).resolves.toBe(0);
  });
});
