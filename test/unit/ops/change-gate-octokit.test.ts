import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppMetrics } from '../../../src/ops/app-metrics.ts';
import { createChangeGateOctokit } from '../../../src/ops/change-gate-octokit.ts';
import { createLocalSpacing, type RequestSpacing } from '../../../src/ops/request-spacing.ts';

interface Arrival {
  line: string;
  token: string | undefined;
  operation: string | null;
}

/**
 * A loopback GitHub at the root of its URL (like api.github.com, where GraphQL is `/graphql`): it records the
 * order requests arrive in and answers from `reply`, so the tests compare orderings and counts, never times.
 */
let server: Server;
let baseUrl: string;
let arrivals: Arrival[];
let reply: (line: string) => { status: number; headers?: Record<string, string>; body: unknown };

beforeEach(async () => {
  arrivals = [];
  reply = () => ({ status: 200, body: {} });
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const line = `${request.method} ${new URL(request.url ?? '/', 'http://x').pathname}`;
      const query = line === 'POST /graphql' ? (JSON.parse(text) as { query: string }).query : null;
      arrivals.push({
        line,
        token: request.headers.authorization,
        operation: query?.match(/^\s*(query|mutation)\s+(\w+)/)?.[2] ?? null,
      });
      const answer = reply(line);
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        'x-ratelimit-remaining': '4321',
        'x-ratelimit-resource': line === 'POST /graphql' ? 'graphql' : 'core',
        ...answer.headers,
      });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * Buckets on a clock held still: a bucket never refills while a test runs, however slow the box, so which
 * request waits is known (the waits themselves are real sleeps).
 */
const stillSpacing = () => createLocalSpacing({ nowMs: () => 1_000_000 });

const client = (id: string, spacing?: RequestSpacing) => {
  const metrics = createAppMetrics();
  const warnings: string[] = [];
  const Octokit = createChangeGateOctokit({ metrics, ...(spacing ? { spacing } : {}) });
  const octokit = new Octokit({
    auth: { token: 'ghs_test' },
    baseUrl,
    log: { debug() {}, info() {}, warn: (line: string) => warnings.push(line), error() {} },
    // A fresh limiter key per test: the throttling plugin's groups are shared by the whole process.
    throttle: { id, retryAfterBaseValue: 0 } as never,
    retry: { retryAfterBaseValue: 0 },
  });
  return { octokit, metrics, warnings };
};

const checkRun = (octokit: ReturnType<typeof client>['octokit']) =>
  octokit.request('POST /repos/{owner}/{repo}/check-runs', {
    owner: 'acme',
    repo: 'shop',
    name: 'Change Gate',
    head_sha: 'a'.repeat(40),
  });

const comment = (octokit: ReturnType<typeof client>['octokit'], body: string) =>
  octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: 'acme',
    repo: 'shop',
    issue_number: 1,
    body,
  });

/** An installation's client as Probot builds it for an event: no throttle id of its own. */
const installationClient = (installationId: number, spacing?: RequestSpacing) => {
  const Octokit = createChangeGateOctokit({ metrics: createAppMetrics(), ...(spacing ? { spacing } : {}) });
  return new Octokit({
    auth: { token: `ghs_${installationId}`, installationId },
    baseUrl,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    retry: { retryAfterBaseValue: 0 },
  });
};

/** One creating write (a check run) sent to `baseUrl`. */
const createCheckRun = (
  octokit: { request: (route: string, options: object) => Promise<unknown> },
  baseUrl: string,
) =>
  octokit.request('POST /repos/{owner}/{repo}/check-runs', {
    baseUrl,
    owner: 'acme',
    repo: 'shop',
    name: 'Change Gate',
    head_sha: 'a'.repeat(40),
  });

/** A spacing that records the buckets booked (`<group>:<id>`), on a clock held still. */
const recordingSpacing = () => {
  const booked: string[] = [];
  const still = stillSpacing();
  const spacing: RequestSpacing = {
    reserve: (key, intervalMs, burst) => {
      booked.push(key.replace(/:.*/, ''));
      return still.reserve(key, intervalMs, burst);
    },
  };
  return { spacing, booked };
};

describe("the app's Octokit", () => {
  it('paces a GraphQL document that posts a comment as a REST comment: a write and a content-creating one', async () => {
    const { spacing, booked } = recordingSpacing();
    const octokit = installationClient(90_010, spacing);
    reply = (line) =>
      line === 'POST /graphql' ? { status: 200, body: { data: {} } } : { status: 201, body: { id: 1 } };
    await comment(octokit as never, 'by REST');
    const rest = booked.splice(0);
    await octokit.graphql(
      'mutation CheckThenEntries($e: AddCommentInput!) { entry0: addComment(input: $e) { clientMutationId } }',
      {
        e: { subjectId: 'PR_1', body: 'entry' },
      },
    );
    const posting = booked.splice(0);
    await octokit.graphql(
      'mutation AfterEntries($c: UpdateIssueCommentInput!) { updateIssueComment(input: $c) { clientMutationId } }',
      {
        c: { id: 'IC_1', body: 'steps' },
      },
    );
    const editing = booked.splice(0);
    expect(rest.sort()).toEqual(['notifications', 'write']);
    expect(posting.sort()).toEqual(['notifications', 'write']);
    expect(editing).toEqual(['write']);
  });

  it("paces each installation's writes on its own: another installation's write does not wait behind them", async () => {
    const spacing = stillSpacing();
    const busy = installationClient(90_001, spacing);
    const other = installationClient(90_002, spacing);
    reply = () => ({ status: 201, body: { id: 1 } });
    // A quiet installation's first 15 writes go at once (one after the other: writes are serial).
    for (let index = 0; index < 15; index++) await checkRun(busy);
    // The busy installation's 16th waits a second; the other installation's goes at once.
    await Promise.all([checkRun(busy), checkRun(other)]);
    const tokens = arrivals.map((arrival) => arrival.token);
    expect(tokens).toEqual([...Array(15).fill('token ghs_90001'), 'token ghs_90002', 'token ghs_90001']);
  });

  it("sends one installation's writes one at a time, however many are asked for at once", async () => {
    const busy = installationClient(90_003);
    const other = installationClient(90_004);
    let inFlight = 0;
    let most = 0;
    const held: Array<() => void> = [];
    let otherAnswered = false;
    const server2 = createServer((request, response) => {
      const token = request.headers.authorization;
      request.resume();
      request.on('end', () => {
        const answer = () => {
          if (token === 'token ghs_90003') inFlight--;
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end('{"id":1}');
        };
        if (token !== 'token ghs_90003') return answer();
        inFlight++;
        most = Math.max(most, inFlight);
        // The busy installation's first write is held until the other installation's was answered.
        if (otherAnswered) answer();
        else held.push(answer);
      });
    });
    await new Promise<void>((resolve) => server2.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server2.address() as AddressInfo).port}`;
    try {
      const post = (octokit: typeof busy) => createCheckRun(octokit, url);
      const writes = [post(busy), post(busy), post(busy)];
      await post(other);
      otherAnswered = true;
      await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
      for (const answer of held.splice(0)) answer();
      await Promise.all(writes);
      // Within its burst, so unpaced: still never two at once.
      expect(most).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server2.close(() => resolve()));
    }
  });

  it('a write GitHub does not answer holds the next one back only for a while', async () => {
    const Octokit = createChangeGateOctokit({ metrics: createAppMetrics(), writeHoldMs: 200 });
    const octokit = new Octokit({
      auth: { token: 'ghs_90005', installationId: 90_005 },
      baseUrl,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      retry: { retryAfterBaseValue: 0 },
    });
    let release: () => void = () => undefined;
    const unanswered = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const server2 = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        arrivals.push({ line: `${request.method} ${request.url}`, token: undefined, operation: null });
        const answer = () => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end('{"id":1}');
        };
        if (first) {
          first = false;
          void unanswered.then(answer);
        } else answer();
      });
    });
    await new Promise<void>((resolve) => server2.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server2.address() as AddressInfo).port}`;
    try {
      const post = () => createCheckRun(octokit, url);
      const stuck = post();
      // Answered while the first is still without an answer: it went after the hold, not after the answer.
      await post();
      expect(arrivals).toHaveLength(2);
      release();
      await stuck;
    } finally {
      release();
      await new Promise<void>((resolve) => server2.close(() => resolve()));
    }
  });

  it('sends a read-only GraphQL query without waiting behind the paced writes; a mutation still waits', async () => {
    const { octokit } = client('reads-first', stillSpacing());
    reply = (line) => ({
      status: line === 'POST /graphql' ? 200 : 201,
      body: line === 'POST /graphql' ? { data: {} } : { id: 1 },
    });
    // The burst is spent first; then a write (a second away), a read and a mutation (two seconds away).
    for (let index = 0; index < 15; index++) await checkRun(octokit);
    arrivals = [];
    await Promise.all([
      checkRun(octokit),
      octokit.graphql('query Facts { viewer { login } }'),
      octokit.graphql('mutation Write { addStar(input: {starrableId: "x"}) { clientMutationId } }'),
    ]);
    const order = arrivals.map((arrival) => arrival.operation ?? arrival.line);
    // Paced, the read would have come after the write, a second later.
    expect(order).toEqual(['Facts', 'POST /repos/acme/shop/check-runs', 'Write']);
  });

  it('does not send a comment again after a 502 (GitHub may have written it); a read is retried', async () => {
    const { octokit, metrics } = client('no-double-write');
    reply = () => ({ status: 502, body: { message: 'Server Error' } });
    await expect(comment(octokit, 'once')).rejects.toMatchObject({ status: 502 });
    expect(arrivals.map((arrival) => arrival.line)).toEqual(['POST /repos/acme/shop/issues/1/comments']);

    let failures = 1;
    reply = () =>
      failures-- > 0 ? { status: 502, body: { message: 'Server Error' } } : { status: 200, body: {} };
    await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      owner: 'acme',
      repo: 'shop',
      issue_number: 1,
    });
    expect(arrivals.slice(1).map((arrival) => arrival.line)).toEqual([
      'GET /repos/acme/shop/issues/1',
      'GET /repos/acme/shop/issues/1',
    ]);

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'change_gate_github_requests_total{method="POST",route="/repos/{owner}/{repo}/issues/{issue_number}/comments",status="502"} 1',
    );
    expect(text).toContain(
      'change_gate_github_requests_total{method="GET",route="/repos/{owner}/{repo}/issues/{issue_number}",status="200"} 1',
    );
    expect(text).toContain('change_gate_github_rate_limit_remaining{resource="core"} 4321');
  });

  it('retries a secondary rate limit a bounded number of times, then fails', async () => {
    const { octokit, metrics, warnings } = client('secondary');
    reply = () => ({
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    });
    await expect(checkRun(octokit)).rejects.toMatchObject({ status: 403 });
    // The first try and three retries: a secondary limit means GitHub did not act, so a POST is safe to repeat.
    expect(arrivals).toHaveLength(4);
    expect(warnings.at(-1)).toMatch(/secondary rate limit .* giving up after 3 retries/);
    const text = await metrics.registry.metrics();
    expect(text).toContain('change_gate_github_rate_limited_total{limit="secondary",retried="true"} 3');
    expect(text).toContain('change_gate_github_rate_limited_total{limit="secondary",retried="false"} 1');
  });

  it('answers after a secondary rate limit once GitHub lets the request through', async () => {
    const { octokit } = client('secondary-then-ok');
    let limited = 1;
    reply = () =>
      limited-- > 0
        ? {
            status: 403,
            headers: { 'retry-after': '1' },
            body: { message: 'You have exceeded a secondary rate limit.' },
          }
        : { status: 201, body: { id: 7 } };
    const response = await checkRun(octokit);
    expect(response.data).toEqual({ id: 7 });
    expect(arrivals).toHaveLength(2);
  });
});
