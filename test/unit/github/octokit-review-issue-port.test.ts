import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { octokitReviewIssuePort } from '../../../src/github/octokit/octokit-review-issue-port.ts';
import { useSealedNock } from '../../support/sealed-nock.ts';

const API = 'https://api.github.test';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const port = () =>
  octokitReviewIssuePort(
    new Octokit({ baseUrl: API, request: { retries: 0 }, log: silent }) as unknown as Parameters<
      typeof octokitReviewIssuePort
    >[0],
  );
const REF = { owner: 'acme', repo: 'web', number: 12 };

useSealedNock();

describe("the review issue port's read of one issue", () => {
  it('is the issue as GitHub answers it', async () => {
    nock(API)
      .get('/repos/acme/web/issues/12')
      .reply(200, {
        number: 12,
        user: { login: 'change-gate[bot]' },
        state: 'closed',
        closed_by: { login: 'erin' },
        body: 'Review',
        html_url: 'https://github.test/acme/web/issues/12',
      });
    expect(await port().readIssue(REF)).toEqual({
      number: 12,
      author: 'change-gate[bot]',
      state: 'closed',
      closedBy: 'erin',
      body: 'Review',
      htmlUrl: 'https://github.test/acme/web/issues/12',
    });
  });

  it('is none when GitHub says it is not there (404) or was deleted (410 Gone), or it is a pull request', async () => {
    nock(API)
      .get('/repos/acme/web/issues/12')
      .reply(404, { message: 'Not Found' })
      .get('/repos/acme/web/issues/12')
      .reply(410, { message: 'This issue was deleted' })
      .get('/repos/acme/web/issues/12')
      .reply(200, { number: 12, user: { login: 'dana' }, state: 'open', html_url: '', pull_request: {} });
    expect(await port().readIssue(REF)).toBeNull();
    expect(await port().readIssue(REF)).toBeNull();
    expect(await port().readIssue(REF)).toBeNull();
  });

  it('is none when GitHub answers from another repository (the issue was transferred, its old address followed)', async () => {
    const issue = { number: 12, user: { login: 'change-gate[bot]' }, state: 'open', body: '', html_url: '' };
    nock(API)
      .get('/repos/acme/web/issues/12')
      .reply(200, { ...issue, repository_url: `${API}/repos/acme/elsewhere` })
      .get('/repos/acme/web/issues/12')
      .reply(200, { ...issue, repository_url: `${API}/repos/ACME/Web` });
    expect(await port().readIssue(REF)).toBeNull();
    expect(await port().readIssue(REF)).toMatchObject({ number: 12 });
  });

  it('throws when GitHub cannot tell (5xx): a failed read is not an absent issue', async () => {
    nock(API).get('/repos/acme/web/issues/12').reply(502, 'Bad Gateway');
    await expect(port().readIssue(REF)).rejects.toMatchObject({ status: 502 });
  });
});
