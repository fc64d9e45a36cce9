import { createRequire } from 'node:module';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import changeGate from '../../src/index.ts';
import { testPrivateKey } from './reconcile-harness.ts';
import { expectAllMocksUsed } from './sealed-nock.ts';

const require = createRequire(import.meta.url);
const EXAMPLES = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}>;

/** Webhook payloads and request bodies, edited and inspected freely by tests. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into arbitrary JSON
export type Json = Record<string, any>;

export const APP_ID = 42;
export const INSTALLATION_ID = 7;
export const API = 'https://api.github.com';

/** A real webhook payload from GitHub's examples, with our installation and overrides merged in. */
export const examplePayload = (
  name: string,
  action: string,
  overrides: (payload: Json) => void = () => {},
): Json => {
  const example = EXAMPLES.find((event) => event.name === name)?.examples.find(
    (candidate) => candidate.action === action,
  );
  if (!example) throw new Error(`no example payload for ${name}.${action}`);
  const payload = structuredClone(example) as Json;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNw==' };
  overrides(payload);
  return payload;
};

/**
 * The app inside a Probot instance with retries, event retries and throttling off (tests must be fast and exact),
 * GitHub sealed by nock: any request without a mock fails the test.
 */
export const createProbotHarness = () => {
  process.env.PRIVATE_KEY = testPrivateKey();
  const probot = new Probot({
    appId: APP_ID,
    privateKey: testPrivateKey(),
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
    logLevel: 'fatal',
  });
  // A failed delivery fails the test's receive() at once: no background retry outlives the test.
  probot.load((app, options) => changeGate(app, { ...options, eventRetry: { delaysMs: [], maxWaitMs: 0 } }));
  return {
    probot,
    /** Mocks the app's identity and the installation token: what every evaluation starts with. */
    mockAuth(scope: nock.Scope = nock(API)) {
      return scope
        .get('/app')
        .optionally()
        .reply(200, { id: APP_ID, slug: 'change-gate', name: 'Change Gate' })
        .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
        .optionally()
        .reply(201, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
    },
    receive(name: string, payload: Json) {
      return probot.receive({ id: `delivery-${Math.random()}`, name, payload } as never);
    },
  };
};

/**
 * Vitest wiring for a file of handler tests: a fresh app per test, GitHub sealed by nock. After each test
 * no mock may be left unused and no request may have gone unmatched (also those whose failure the app
 * only logs).
 */
export const useSealedProbot = (): ProbotHarness => {
  let harness: ReturnType<typeof createProbotHarness> | undefined;
  let unmatched: string[] = [];
  const onNoMatch = (request: { method?: string; path?: string }) => {
    unmatched.push(`${request.method} ${request.path}`);
  };
  beforeAll(() => {
    nock.disableNetConnect();
  });
  beforeEach(() => {
    harness = createProbotHarness();
    unmatched = [];
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    expectAllMocksUsed();
    expect(unmatched).toEqual([]);
  });
  const current = (): ProbotHarness => {
    if (!harness) throw new Error('useSealedProbot: use the harness inside tests');
    return harness;
  };
  return {
    get probot() {
      return current().probot;
    },
    mockAuth: (scope) => current().mockAuth(scope),
    receive: (name, payload) => current().receive(name, payload),
  };
};

export type ProbotHarness = ReturnType<typeof createProbotHarness>;
