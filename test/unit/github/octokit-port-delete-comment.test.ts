import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createOctokitPort } from '../../../src/github/octokit/octokit-port.ts';
import { createTeamMembersCache } from '../../../src/github/octokit/team-members-cache.ts';
import { useSealedNock } from '../../support/sealed-nock.ts';

const API = 'https://api.github.test';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const port = () =>
  createOctokitPort({
    octokit: new Octokit({ baseUrl: API, request: { retries: 0 }, log: silent }) as never,
    teams: createTeamMembersCache(),
  });

useSealedNock();

describe('deleting a duplicate comment', () => {
  it('is done when the comment is already gone (another replica deleted it first)', async () => {
    nock(API).delete('/repos/acme/shop/issues/comments/7').reply(404, { message: 'Not Found' });
    await expect(port().deleteComment({ owner: 'acme', repo: 'shop' }, 7)).resolves.toBeUndefined();
  });

  it('fails on anything else, with the status', async () => {
    nock(API).delete('/repos/acme/shop/issues/comments/7').reply(403, { message: 'Forbidden' });
    await expect(port().deleteComment({ owner: 'acme', repo: 'shop' }, 7)).rejects.toMatchObject({
      status: 403,
    });
  });
});
