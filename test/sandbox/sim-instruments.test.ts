import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { createGitHubSimulator, sequentialRoundTrips } from '../../sandbox/github-sim/index.ts';
import { createFaultInjector } from '../../sandbox/github-sim/instruments/faults.ts';
import type { RequestLogEntry } from '../../sandbox/github-sim/instruments/request-log.ts';
import { roundTripsPerWebhook } from '../../sandbox/harness/measure-event-calls.ts';

const entry = (startedAt: number, endedAt: number): RequestLogEntry => ({
  seq: 0,
  api: 'rest',
  method: 'GET',
  path: '/x',
  template: null,
  query: '',
  status: 200,
  startedAt,
  endedAt,
  durationMs: endedAt - startedAt,
  auth: 'installation',
});

/** Runs `count` GETs against a fresh simulator with `faults`, returning each status. */
const statusesWithFaults = async (options: { seed: number; count: number }) => {
  const sim = createGitHubSimulator({
    seed: options.seed,
    faults: [{ route: 'GET /user', status: 503, probability: 0.5 }],
  });
  await sim.start();
  try {
    const user = sim.createUser({ login: 'u' });
    const statuses: number[] = [];
    for (let i = 0; i < options.count; i++) {
      const response = await fetch(`${sim.apiUrl}/user`, {
        headers: { authorization: `token ${user.token}` },
      });
      statuses.push(response.status);
    }
    return statuses;
  } finally {
    await sim.stop();
  }
};

describe('simulator instruments', () => {
  it('injects the same faults on the same requests for the same seed', async () => {
    const a = await statusesWithFaults({ seed: 42, count: 20 });
    const b = await statusesWithFaults({ seed: 42, count: 20 });
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([200, 503]));
    const c = await statusesWithFaults({ seed: 7, count: 20 });
    expect(c).not.toEqual(a);
  });

  it('answers a secondary rate limit like GitHub: 403, retry-after, and the message Octokit recognises', async () => {
    const sim = createGitHubSimulator();
    await sim.start();
    try {
      const user = sim.createUser({ login: 'u' });
      sim.faults.add({ route: 'GET /user', kind: 'secondary-rate-limit', retryAfterSeconds: 7, times: 1 });
      const octokit = new Octokit({
        auth: user.token,
        baseUrl: sim.apiUrl,
        log: { debug() {}, info() {}, warn() {}, error() {} },
      });
      const error = (await octokit.users.getAuthenticated().catch((e: unknown) => e)) as {
        status: number;
        response: { headers: Record<string, string>; data: { message: string } };
      };
      expect(error.status).toBe(403);
      expect(error.response.headers['retry-after']).toBe('7');
      expect(error.response.data.message).toMatch(/secondary rate limit/);
      expect((await octokit.users.getAuthenticated()).status).toBe(200);
      expect(sim.requestLog.map((r) => r.fault ?? 'ok')).toEqual(['secondary-rate-limit', 'ok']);
    } finally {
      await sim.stop();
    }
  });

  it('answers 502 after the write happened (error-after-write): the comment exists, the client saw a failure', async () => {
    const sim = createGitHubSimulator();
    await sim.start();
    try {
      const user = sim.createUser({ login: 'u' });
      sim.createRepo({ owner: 'u', name: 'web' });
      const { number } = await sim.as('u').createIssue({ repo: 'u/web', title: 'Written once' });
      sim.faults.add({
        route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        kind: 'error-after-write',
        times: 1,
      });
      const post = () =>
        fetch(`${sim.apiUrl}/repos/u/web/issues/${number}/comments`, {
          method: 'POST',
          headers: { authorization: `token ${user.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body: 'hello' }),
        });
      expect((await post()).status).toBe(502);
      expect(sim.read.comments({ repo: 'u/web', number }).map((comment) => comment.body)).toEqual(['hello']);
      expect(sim.requestLog.at(-1)?.fault).toBe('error 502 after write');
      // The rule fired once: the next POST is answered normally (and writes a second comment, as GitHub would).
      expect((await post()).status).toBe(201);
      expect(sim.read.comments({ repo: 'u/web', number })).toHaveLength(2);
    } finally {
      await sim.stop();
    }
  });

  it('draws latency from the seed: the same sequence twice, within the range', () => {
    const draw = () => {
      const injector = createFaultInjector({ seed: 3, latency: { minMs: 5, maxMs: 25 } });
      return Array.from({ length: 10 }, () => injector.delayMs());
    };
    const first = draw();
    expect(draw()).toEqual(first);
    expect(first.every((ms) => ms >= 5 && ms <= 25)).toBe(true);
    expect(createFaultInjector({ seed: 3, latency: { fixedMs: 12 } }).delayMs()).toBe(12);
  });

  it('counts sequential round trips: overlapping requests count once', () => {
    expect(sequentialRoundTrips([])).toBe(0);
    expect(sequentialRoundTrips([entry(0, 10), entry(10, 20), entry(20, 30)])).toBe(3);
    expect(sequentialRoundTrips([entry(0, 10), entry(1, 9), entry(2, 11), entry(12, 20)])).toBe(2);
  });

  it("counts round trips per webhook: each delivery's requests apart, the app's authentication in each", () => {
    const of = (delivery: string | undefined, startedAt: number, endedAt: number): RequestLogEntry => ({
      ...entry(startedAt, endedAt),
      ...(delivery === undefined ? {} : { delivery }),
    });
    expect(roundTripsPerWebhook([])).toBe(0);
    // A's read and write, then B's read and two writes: five in a row, at most three of one webhook.
    const requests = [of('a', 10, 20), of('a', 20, 30), of('b', 30, 40), of('b', 40, 50), of('b', 50, 60)];
    expect(sequentialRoundTrips(requests)).toBe(5);
    expect(roundTripsPerWebhook(requests)).toBe(3);
    // The installation token fetched first (no delivery id) counts in every webhook's sequence.
    expect(roundTripsPerWebhook([of(undefined, 0, 10), ...requests])).toBe(4);
    expect(roundTripsPerWebhook([of(undefined, 0, 10), of(undefined, 10, 20)])).toBe(2);
  });

  it('logs every request with its template and auth, and attributes calls to the delivery that caused them', async () => {
    // Latency makes the two parallel calls overlap on the server as they do on a real network.
    const sim = createGitHubSimulator({ openapi: true, latency: { fixedMs: 20 } });
    await sim.start();
    // A fake app: on each delivery, two calls one after the other, then two in parallel.
    const app = createServer((request, response) => {
      request.resume();
      request.on('end', async () => {
        const get = (path: string) =>
          fetch(`${sim.apiUrl}${path}`, { headers: { authorization: `token ${token}` } });
        await get('/repos/acme/web');
        await get('/repos/acme/web/issues/1');
        await Promise.all([get('/repos/acme/web/issues/1/comments'), get('/repos/acme/web/labels')]);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    let token = '';
    try {
      sim.createUser({ login: 'dev' });
      sim.createOrg({ login: 'acme' });
      sim.createRepo({ owner: 'acme', name: 'web' });
      sim.registerApp({
        slug: 'fake',
        webhookUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/`,
        permissions: { issues: 'read', metadata: 'read' },
      });
      const installation = sim.installApp({ app: 'fake', account: 'acme' });
      token = sim.createInstallationToken({ installationId: installation.id });
      const mark = sim.mark();
      await sim.as('dev').createIssue({ repo: 'acme/web', title: 'Count me' });
      const delivery = sim.deliveries.find((d) => d.event === 'issues')!;
      const during = sim.requestsDuring(delivery);
      expect(during.map((r) => r.template)).toEqual(
        expect.arrayContaining([
          '/repos/{owner}/{repo}',
          '/repos/{owner}/{repo}/issues/{issue_number}',
          '/repos/{owner}/{repo}/issues/{issue_number}/comments',
          '/repos/{owner}/{repo}/labels',
        ]),
      );
      expect(during).toHaveLength(4);
      expect(during.every((r) => r.auth === 'installation' && r.installationId === installation.id)).toBe(
        true,
      );
      expect(sim.sequentialRoundTrips(during)).toBe(3);
      expect(sim.requestsSince(mark)).toHaveLength(4);
      expect(sim.violations).toEqual([]);
    } finally {
      await sim.stop();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });

  it('timestamps with the injected clock, in GitHub’s format without milliseconds', async () => {
    let now = Date.parse('2025-01-27T10:00:00.123Z');
    const sim = createGitHubSimulator({ now: () => now });
    await sim.start();
    try {
      sim.createUser({ login: 'dev' });
      sim.createOrg({ login: 'acme' });
      sim.createRepo({ owner: 'acme', name: 'web' });
      const { number } = await sim.as('dev').createIssue({ repo: 'acme/web', title: 'Clock' });
      now += 26 * 3600 * 1000;
      await sim.as('dev').comment({ repo: 'acme/web', number, body: 'a day later' });
      expect(sim.read.issue({ repo: 'acme/web', number }).created_at).toBe('2025-01-27T10:00:00Z');
      expect(sim.read.comments({ repo: 'acme/web', number })[0]?.created_at).toBe('2025-01-28T12:00:00Z');
    } finally {
      await sim.stop();
    }
  });
});
