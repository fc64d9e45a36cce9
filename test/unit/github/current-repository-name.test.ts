import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { currentRepositoryName, movedChange } from '../../../src/github/octokit/current-repository-name.ts';
import { useSealedNock } from '../../support/sealed-nock.ts';

const API = 'https://api.github.test';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ baseUrl: API, request: { retries: 0 }, log: silent });

useSealedNock();

describe("a repository's current name (the heal round's follow of a rename or transfer)", () => {
  it("follows GitHub's 301 for a renamed or transferred repository's old name", async () => {
    // What GitHub answers for an old name: 301 to the repository by id.
    nock(API)
      .get('/repos/acme/web')
      .reply(
        301,
        { message: 'Moved Permanently', url: `${API}/repositories/42` },
        {
          location: `${API}/repositories/42`,
        },
      )
      .get('/repositories/42')
      .reply(200, { id: 42, full_name: 'acme-platform/site' });
    expect(await currentRepositoryName(octokit(), { owner: 'acme', repo: 'web' })).toEqual({
      owner: 'acme-platform',
      repo: 'site',
    });
  });

  it('is the same name when it did not move, and null when GitHub says it is gone', async () => {
    nock(API)
      .get('/repos/acme/web')
      .reply(200, { id: 42, full_name: 'acme/web' })
      .get('/repos/acme/old')
      .reply(404, { message: 'Not Found' });
    expect(await currentRepositoryName(octokit(), { owner: 'acme', repo: 'web' })).toEqual({
      owner: 'acme',
      repo: 'web',
    });
    expect(await currentRepositoryName(octokit(), { owner: 'acme', repo: 'old' })).toBeNull();
  });

  it('throws when GitHub cannot tell (5xx) or answers without the full name, saying which request', async () => {
    nock(API)
      .get('/repos/acme/web')
      .reply(502, { message: 'Server Error' })
      .get('/repos/acme/api')
      .reply(200, { id: 43, name: 'api' });
    await expect(currentRepositoryName(octokit(), { owner: 'acme', repo: 'web' })).rejects.toMatchObject({
      status: 502,
    });
    await expect(currentRepositoryName(octokit(), { owner: 'acme', repo: 'api' })).rejects.toThrow(
      "GitHub answered GET /repos/acme/api without the repository's full_name",
    );
  });

  it('moves a change only when its repository answers under another name (case aside)', async () => {
    nock(API)
      .get('/repos/acme/web')
      .reply(200, { id: 42, full_name: 'ACME/Web' })
      .get('/repos/acme/old')
      .reply(200, { id: 43, full_name: 'acme/new' })
      .get('/repos/acme/gone')
      .reply(404, { message: 'Not Found' });
    expect(await movedChange(octokit(), { owner: 'acme', repo: 'web', number: 7 })).toBeNull();
    expect(await movedChange(octokit(), { owner: 'acme', repo: 'old', number: 7 })).toEqual({
      owner: 'acme',
      repo: 'new',
      number: 7,
    });
    expect(await movedChange(octokit(), { owner: 'acme', repo: 'gone', number: 7 })).toBeNull();
  });
});
