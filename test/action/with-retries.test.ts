import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitHubUnavailableError, withRetries } from '../../action/src/with-retries.ts';
import { API, instantRetry } from './action-harness.ts';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function client(baseUrl = API) {
  const octokit = new Octokit({ baseUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const retry = instantRetry();
  withRetries({ octokit, retry });
  return { octokit, retry };
}

describe('withRetries', () => {
  it('retries network errors and then fails closed with the request named', async () => {
    // A closed loopback port: the connection is refused, as when GitHub is unreachable.
    nock.enableNetConnect('127.0.0.1:1');
    try {
      const { octokit, retry } = client('http://127.0.0.1:1');
      const failure = octokit.request('GET /rate_limit');
      await expect(failure).rejects.toBeInstanceOf(GitHubUnavailableError);
      await expect(failure).rejects.toThrow(/^GET \/rate_limit failed 4 times/);
      expect(retry.waits).toEqual([1000, 3000, 9000]);
    } finally {
      nock.disableNetConnect();
    }
  });

  it('recovers when a retry succeeds', async () => {
    nock(API).get('/rate_limit').reply(503, {}).get('/rate_limit').reply(200, { ok: true });
    const { octokit, retry } = client();
    expect((await octokit.request('GET /rate_limit')).data).toEqual({ ok: true });
    expect(retry.waits).toEqual([1000]);
  });

  it('does not retry errors that would not change (404, 422, a plain 403)', async () => {
    nock(API)
      .get('/rate_limit')
      .reply(404, { message: 'Not Found' })
      .get('/rate_limit')
      .reply(403, { message: 'Resource not accessible by integration' });
    const { octokit, retry } = client();
    await expect(octokit.request('GET /rate_limit')).rejects.toMatchObject({ status: 404 });
    await expect(octokit.request('GET /rate_limit')).rejects.toMatchObject({ status: 403 });
    expect(retry.waits).toEqual([]);
  });

  it('caps a retry-after header', async () => {
    nock(API).get('/rate_limit').reply(429, {}, { 'retry-after': '3600' }).get('/rate_limit').reply(200, {});
    const { octokit, retry } = client();
    await octokit.request('GET /rate_limit');
    expect(retry.waits).toEqual([60_000]);
  });
});
