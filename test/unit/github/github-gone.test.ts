import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isChangeGone, isInstallationGone } from '../../../src/github/octokit/github-gone.ts';
import { toGitHubError } from '../../../src/github/octokit/to-github-error.ts';
import { ChangeNotFoundError, GitHubError } from '../../../src/github/ports/github-error.ts';

const API = 'https://api.github.test';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ baseUrl: API, request: { retries: 0 }, log: silent });
const failure = (promise: Promise<unknown>) => promise.then(() => null, toGitHubError);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('what the heal round takes for a change or installation that is gone', () => {
  it('a change is gone on 404 or 410, GraphQL NOT_FOUND on every error, or an answer without it', async () => {
    nock(API).get('/repos/acme/web/issues/1').reply(404, { message: 'Not Found' });
    nock(API).get('/repos/acme/web/issues/2').reply(410, { message: 'This issue was deleted' });
    nock(API)
      .post('/graphql')
      .reply(200, {
        data: { repository: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository'],
            message: "Could not resolve to a Repository with the name 'acme/web'.",
          },
        ],
      });
    const rest404 = await failure(octokit().request('GET /repos/acme/web/issues/1'));
    const rest410 = await failure(octokit().request('GET /repos/acme/web/issues/2'));
    const graphql = await failure(
      octokit().graphql('query { repository(owner: "acme", name: "web") { id } }'),
    );
    expect(rest404).toBeInstanceOf(GitHubError);
    expect([isChangeGone(rest404), isChangeGone(rest410), isChangeGone(graphql)]).toEqual([true, true, true]);
    expect(isChangeGone(new ChangeNotFoundError('acme/web#1 was not found'))).toBe(true);
  });

  it('a 5xx, no answer, a rate limit, another GraphQL error or a plain error is not', async () => {
    nock(API).get('/repos/acme/web/issues/1').reply(502, { message: 'Bad Gateway' });
    nock(API)
      .post('/graphql')
      .reply(200, {
        data: null,
        errors: [
          { type: 'NOT_FOUND', path: ['repository'], message: 'Could not resolve' },
          { type: 'RATE_LIMITED', message: 'API rate limit exceeded' },
        ],
      });
    const errors = [
      await failure(octokit().request('GET /repos/acme/web/issues/1')),
      new GitHubError({ message: 'rate limited', status: 429, request: 'GET /repos/acme/web/issues/3' }),
      await failure(octokit().graphql('query { repository(owner: "acme", name: "web") { id } }')),
      new GitHubError({
        message: 'fetch failed',
        status: null,
        request: 'GET /repos/acme/web/issues/4',
        code: 'ECONNRESET',
      }),
      new Error('acme/web#1 was not found'),
    ];
    expect(errors.map(isChangeGone)).toEqual([false, false, false, false, false]);
  });

  it("an installation is gone when GitHub answers 404 to the app's request for its token, not on 403 or 401", async () => {
    nock(API).post('/app/installations/7/access_tokens').reply(404, { message: 'Not Found' });
    nock(API)
      .post('/app/installations/8/access_tokens')
      .reply(403, { message: 'This installation has been suspended' });
    nock(API)
      .post('/app/installations/9/access_tokens')
      .reply(401, { message: 'A JSON web token could not be decoded' });
    nock(API).get('/repos/acme/web/issues/1').reply(404, { message: 'Not Found' });
    const token = (id: number) =>
      failure(octokit().request('POST /app/installations/{id}/access_tokens', { id }));
    const [gone, suspended, refused] = [await token(7), await token(8), await token(9)];
    const issue = await failure(octokit().request('GET /repos/acme/web/issues/1'));
    expect([gone, suspended, refused, issue].map(isInstallationGone)).toEqual([true, false, false, false]);
    // The raw Octokit error (as Probot's installation auth throws it) is recognised too.
    nock(API).post('/app/installations/7/access_tokens').reply(404, { message: 'Not Found' });
    const raw = await octokit()
      .request('POST /app/installations/{id}/access_tokens', { id: 7 })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(raw).not.toBeInstanceOf(GitHubError);
    expect(isInstallationGone(raw)).toBe(true);
    // GitHub Enterprise Server serves the API under /api/v3.
    const ghes = new GitHubError({
      message: 'Not Found',
      status: 404,
      request: 'POST /api/v3/app/installations/7/access_tokens',
    });
    expect(isInstallationGone(ghes)).toBe(true);
  });
});
