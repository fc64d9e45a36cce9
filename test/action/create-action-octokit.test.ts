import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActionOctokit, GitHubUnavailableError } from '../../action/src/create-action-octokit.ts';
import { instantRetry } from './action-harness.ts';

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A real HTTP server on 127.0.0.1 that answers with `replies`, in order, and records what it was asked. */
function scriptedGitHub() {
  const replies: Reply[] = [];
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const reply = replies.shift() ?? { status: 599, body: { message: 'no reply scripted' } };
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.body ?? {}));
  });
  return {
    replies,
    requests,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const github = scriptedGitHub();
const SECONDARY = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' };

beforeAll(async () => {
  // Sealed but for the loopback: the client talks real HTTP to the scripted server.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  await github.listen();
});
afterAll(async () => {
  await github.close();
  nock.enableNetConnect();
});
afterEach(() => {
  const left = github.replies.splice(0);
  github.requests.splice(0);
  expect(left, 'every scripted reply was asked for').toEqual([]);
});

function client(baseUrl = github.url()) {
  const retry = instantRetry();
  const octokit = createActionOctokit({ token: 'ghs_test', baseUrl, retry });
  const listDeployments = () =>
    octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'shop' });
  return { retry, listDeployments };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('createActionOctokit', () => {
  it('retries a 502 after the first backoff and returns the answer that follows', async () => {
    github.replies.push(
      { status: 502, body: { message: 'Bad Gateway' } },
      { status: 200, body: [{ id: 7 }] },
    );
    const { retry, listDeployments } = client();
    expect((await listDeployments()).data).toEqual([{ id: 7 }]);
    expect(github.requests).toEqual(['GET /repos/acme/shop/deployments', 'GET /repos/acme/shop/deployments']);
    expect(retry.waits).toEqual([1000]);
  });

  it('fails closed, naming the request and the last answer, when every try answers 5xx', async () => {
    github.replies.push(
      ...Array.from({ length: 4 }, () => ({ status: 502, body: { message: 'Bad Gateway' } })),
    );
    const { retry, listDeployments } = client();
    const error = await failureOf(listDeployments());
    expect(error).toBeInstanceOf(GitHubUnavailableError);
    expect(error.message).toBe(
      'GET /repos/acme/shop/deployments failed 4 times, last with HTTP 502 (Bad Gateway); GitHub may be down or rate-limiting this token',
    );
    expect(github.requests).toHaveLength(4);
    expect(retry.waits).toEqual([1000, 3000, 9000]);
  });

  it('names a GraphQL request by its operation, not by GitHub’s one GraphQL URL', async () => {
    github.replies.push(
      ...Array.from({ length: 4 }, () => ({ status: 503, body: { message: 'Service Unavailable' } })),
    );
    const octokit = createActionOctokit({ token: 'ghs_test', baseUrl: github.url(), retry: instantRetry() });
    const error = await failureOf(
      octokit.graphql('query DeployStart($owner: String!) { viewer { login } }', { owner: 'acme' }),
    );
    expect(error.message).toMatch(/^GraphQL query DeployStart failed 4 times, last with HTTP 503/);
  });

  it('sends a GraphQL query again when GitHub answers "Something went wrong while executing your query"', async () => {
    const failed = {
      data: null,
      errors: [{ message: 'Something went wrong while executing your query. Try again.' }],
    };
    github.replies.push(
      { status: 200, body: failed },
      { status: 200, body: { data: { viewer: { login: 'x' } } } },
    );
    const octokit = createActionOctokit({ token: 'ghs_test', baseUrl: github.url(), retry: instantRetry() });
    expect(await octokit.graphql('query Who { viewer { login } }')).toEqual({ viewer: { login: 'x' } });
    expect(github.requests).toEqual(['POST /graphql', 'POST /graphql']);
    github.replies.push(...Array.from({ length: 4 }, () => ({ status: 200, body: failed })));
    const error = await failureOf(octokit.graphql('query Who { viewer { login } }'));
    expect(error.message).toMatch(/^Something went wrong while executing your query/);
    expect(github.requests).toHaveLength(6);
  });

  it('starts no timer for a request nothing holds back (no Bottleneck tick on the way)', async () => {
    github.replies.push({ status: 200, body: [] }, { status: 201, body: { id: 1 } });
    const octokit = createActionOctokit({ token: 'ghs_test', baseUrl: github.url(), retry: instantRetry() });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      await octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'shop' });
      await octokit.request('POST /repos/{owner}/{repo}/deployments', {
        owner: 'acme',
        repo: 'shop',
        ref: 'main',
      });
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
  });

  it('honours retry-after on a 503 instead of the backoff', async () => {
    github.replies.push({ status: 503, headers: { 'retry-after': '5' } }, { status: 200, body: [] });
    const { retry, listDeployments } = client();
    await listDeployments();
    expect(retry.waits).toEqual([5000]);
  });

  it('retries a 403 secondary rate limit after honouring its retry-after: 1', async () => {
    github.replies.push(
      { status: 403, headers: { 'retry-after': '1' }, body: SECONDARY },
      { status: 200, body: [{ id: 8 }] },
    );
    const { retry, listDeployments } = client();
    expect((await listDeployments()).data).toEqual([{ id: 8 }]);
    expect(github.requests).toHaveLength(2);
    expect(retry.waits).toEqual([1000]);
  });

  it('retries a secondary rate limit a bounded number of times, then fails closed', async () => {
    github.replies.push(
      ...Array.from({ length: 3 }, () => ({ status: 403, headers: { 'retry-after': '1' }, body: SECONDARY })),
    );
    const { retry, listDeployments } = client();
    const error = await failureOf(listDeployments());
    expect(error).toBeInstanceOf(GitHubUnavailableError);
    expect(error.message).toMatch(
      /^GET \/repos\/acme\/shop\/deployments failed 3 times, last with HTTP 403 \(You have exceeded a secondary rate limit/,
    );
    expect(github.requests).toHaveLength(3);
    expect(retry.waits).toEqual([1000, 1000]);
  });

  it('does not wait out a secondary rate limit longer than the cap', async () => {
    github.replies.push({ status: 403, headers: { 'retry-after': '120' }, body: SECONDARY });
    const { retry, listDeployments } = client();
    const error = await failureOf(listDeployments());
    expect(error.message).toBe(
      "GET /repos/acme/shop/deployments hit GitHub's secondary rate limit, which asks to wait 120 s, longer than the 60 s the action waits; run the job again later",
    );
    expect(github.requests).toHaveLength(1);
    expect(retry.waits).toEqual([]);
  });

  it('waits for the primary rate limit to reset when the reset is within the cap', async () => {
    const reset = Math.floor(Date.now() / 1000) + 5;
    github.replies.push(
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        body: { message: 'API rate limit exceeded for installation ID 1.' },
      },
      { status: 200, body: [] },
    );
    const { retry, listDeployments } = client();
    await listDeployments();
    expect(github.requests).toHaveLength(2);
    // The plugin waits until one second after the reset.
    expect(retry.waits).toHaveLength(1);
    expect(retry.waits[0]).toBeGreaterThanOrEqual(5000);
    expect(retry.waits[0]).toBeLessThanOrEqual(7000);
  });

  it('fails closed at once, with the reset time, when the primary rate limit resets beyond the cap', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    github.replies.push({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
    const { retry, listDeployments } = client();
    const error = await failureOf(listDeployments());
    expect(error).toBeInstanceOf(GitHubUnavailableError);
    expect(error.message).toMatch(
      /^GET \/repos\/acme\/shop\/deployments was refused: this token's GitHub rate limit is used up until \S+Z, 36\d\d s away, longer than the 60 s the action waits; run the job again after the reset$/,
    );
    expect(error.message).toContain(new Date(reset * 1000).toISOString());
    // No HTTP status on it: a rate-limited read of an optional file must not pass for "absent" (403/404).
    expect(error).not.toHaveProperty('status');
    expect(github.requests).toHaveLength(1);
    expect(retry.waits).toEqual([]);
  });

  it('does not retry a 404, a 422 or a plain 403 and throws them as Octokit did, status included', async () => {
    github.replies.push(
      { status: 404, body: { message: 'Not Found' } },
      { status: 422, body: { message: 'Validation Failed' } },
      { status: 403, body: { message: 'Resource not accessible by integration' } },
    );
    const { retry, listDeployments } = client();
    for (const status of [404, 422, 403]) {
      const error = await failureOf(listDeployments());
      expect(error).not.toBeInstanceOf(GitHubUnavailableError);
      expect(error).toMatchObject({ status });
    }
    expect(github.requests).toHaveLength(3);
    expect(retry.waits).toEqual([]);
  });

  it('sends a creating POST once on a 502 (GitHub may have written), and still retries a GET, a label, a query', async () => {
    const badGateway = { status: 502, body: { message: 'Bad Gateway' } };
    github.replies.push(
      badGateway,
      badGateway,
      { status: 200, body: [] },
      badGateway,
      { status: 200, body: [] },
      badGateway,
      { status: 200, body: { data: { viewer: { login: 'x' } } } },
      badGateway,
    );
    const retry = instantRetry();
    const octokit = createActionOctokit({ token: 'ghs_test', baseUrl: github.url(), retry });
    const comment = await failureOf(
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: 'acme',
        repo: 'shop',
        issue_number: 7,
        body: 'an entry',
      }),
    );
    // Thrown as Octokit threw it, at once: the sweep reads the change again before it writes anything.
    expect(comment).not.toBeInstanceOf(GitHubUnavailableError);
    expect(comment).toMatchObject({ status: 502 });
    expect(retry.waits).toEqual([]);
    await octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'shop' });
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      owner: 'acme',
      repo: 'shop',
      issue_number: 7,
      labels: ['change:overdue'],
    });
    await octokit.graphql('query { viewer { login } }');
    const mutation = await failureOf(
      octokit.graphql('mutation { addComment(input: {subjectId: "I_1", body: "x"}) { clientMutationId } }'),
    );
    expect(mutation).not.toBeInstanceOf(GitHubUnavailableError);
    expect(github.requests).toEqual([
      'POST /repos/acme/shop/issues/7/comments',
      'GET /repos/acme/shop/deployments',
      'GET /repos/acme/shop/deployments',
      'POST /repos/acme/shop/issues/7/labels',
      'POST /repos/acme/shop/issues/7/labels',
      'POST /graphql',
      'POST /graphql',
      'POST /graphql',
    ]);
    expect(retry.waits).toEqual([1000, 1000, 1000]);
  });

  it('turns a refused connection into a message naming the host and the code, not "HTTP 500"', async () => {
    // A loopback port that was just closed: the connection is refused, as when GitHub is unreachable.
    // (Not port 1: fetch refuses such ports itself, "bad port", before any connection.)
    const closed = scriptedGitHub();
    await closed.listen();
    const host = new URL(closed.url()).host;
    await closed.close();
    const { retry, listDeployments } = client(`http://${host}`);
    const error = await failureOf(listDeployments());
    expect(error).toBeInstanceOf(GitHubUnavailableError);
    expect(error.message).toBe(
      `GET /repos/acme/shop/deployments failed 4 times, last with no answer from ${host} (ECONNREFUSED); GitHub may be down or unreachable from this runner`,
    );
    expect(error.message).not.toContain('HTTP 500');
    expect(retry.waits).toEqual([1000, 3000, 9000]);
  });
});

describe("the action's request pacing", () => {
  it("books each write on the app's throttle groups (the given spacing), never a read", async () => {
    const booked: string[] = [];
    const spacing = {
      reserve: async (key: string) => {
        booked.push(key);
        return 0;
      },
    };
    const octokit = createActionOctokit({
      token: 'ghs_test',
      baseUrl: github.url(),
      retry: instantRetry(),
      spacing,
    });
    github.replies.push(
      { status: 200, body: [] },
      { status: 201, body: { id: 1 } },
      { status: 201, body: {} },
    );
    await octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'shop' });
    await octokit.request('POST /repos/{owner}/{repo}/deployments', {
      owner: 'acme',
      repo: 'shop',
      ref: 'main',
    });
    await octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      owner: 'acme',
      repo: 'shop',
      deployment_id: 1,
      state: 'in_progress',
    });
    // The throttle's groups are the app's (src/ops/throttle-groups.ts), not Bottleneck's: they book here.
    expect(booked.map((key) => key.replace(/\d+$/, 'N'))).toEqual([
      'write:change-gate-action-N',
      'write:change-gate-action-N',
    ]);
    expect(github.requests.map((line) => line.split(' ')[0])).toEqual(['GET', 'POST', 'POST']);
  });
});
