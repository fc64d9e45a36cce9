import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toGitHubError, withGitHubErrors } from '../../../src/github/octokit/to-github-error.ts';
import { errorMessage } from '../../../src/github/ports/error-message.ts';
import { GitHubError } from '../../../src/github/ports/github-error.ts';

const API = 'https://api.github.test';
const octokit = () => new Octokit({ baseUrl: API, request: { retries: 0 }, log: silent });
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const failure = (promise: Promise<unknown>) => promise.then(() => null, toGitHubError);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('toGitHubError', () => {
  it('keeps status, request, request id and a readable message of a REST failure', async () => {
    nock(API)
      .get('/repos/acme/shop/pulls/7')
      .reply(404, { message: 'Not Found' }, { 'x-github-request-id': 'ABCD:1234' });
    const error = await failure(
      octokit().request('GET /repos/{owner}/{repo}/pulls/{n}', { owner: 'acme', repo: 'shop', n: 7 }),
    );
    expect(error).toBeInstanceOf(GitHubError);
    const github = error as GitHubError;
    expect([github.status, github.request, github.requestId, github.is(404)]).toEqual([
      404,
      'GET /repos/acme/shop/pulls/7',
      'ABCD:1234',
      true,
    ]);
    expect(errorMessage(error)).toBe(
      'GET /repos/acme/shop/pulls/7: GitHub answered HTTP 404: Not Found, request id ABCD:1234',
    );
  });

  it('reads when to retry from retry-after, or from the reset of a spent quota', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    nock(API)
      .get('/a')
      .reply(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '30' })
      .get('/b')
      .reply(
        403,
        { message: 'API rate limit exceeded' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
      );
    const secondary = (await failure(octokit().request('GET /a'))) as GitHubError;
    const primary = (await failure(octokit().request('GET /b'))) as GitHubError;
    expect(secondary.retryAt!.getTime() - Date.now()).toBeGreaterThan(25_000);
    expect(secondary.retryAt!.getTime() - Date.now()).toBeLessThanOrEqual(30_000);
    expect(primary.retryAt?.getTime()).toBe(reset * 1000);
    expect(errorMessage(primary)).toContain(`retry after ${new Date(reset * 1000).toISOString()}`);
  });

  it('says GitHub could not be reached, with the socket code, when nothing answered (not "HTTP 500")', async () => {
    nock.enableNetConnect('127.0.0.1');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new Octokit({ baseUrl: `http://127.0.0.1:${port}`, log: silent });
    const error = (await failure(client.request('GET /app'))) as GitHubError;
    expect([error.status, error.code]).toEqual([null, 'ECONNREFUSED']);
    expect(errorMessage(error)).toMatch(/^GET \/app: could not reach GitHub \(ECONNREFUSED\): /);
    expect(errorMessage(error)).not.toContain('500');
  });

  it('turns GraphQL errors into one message', async () => {
    nock(API)
      .post('/graphql')
      .reply(200, { data: null, errors: [{ message: 'Could not resolve to a Repository' }] });
    const error = (await failure(octokit().graphql('query { viewer { login } }'))) as GitHubError;
    expect(error).toBeInstanceOf(GitHubError);
    expect(errorMessage(error)).toBe(
      'POST /graphql: GitHub answered HTTP 200: Could not resolve to a Repository',
    );
  });

  it('leaves errors that are not request failures as they are', () => {
    const plain = new Error('GitHub answered GET /app without the app id and slug');
    expect(toGitHubError(plain)).toBe(plain);
    expect(errorMessage(plain)).toBe(plain.message);
    expect(errorMessage('x'.repeat(5000))).toHaveLength(2000);
  });
});

describe('withGitHubErrors', () => {
  it('wraps every method of a port, so callers only ever see GitHubError from GitHub', async () => {
    nock(API).get('/repos/acme/shop').reply(502, { message: 'Bad Gateway' });
    const client = octokit();
    const port = withGitHubErrors({
      repository: async () => (await client.request('GET /repos/acme/shop')).data,
      name: 'not a method',
    });
    await expect(port.repository()).rejects.toMatchObject({ name: 'GitHubError', status: 502 });
    expect(port.name).toBe('not a method');
  });
});
