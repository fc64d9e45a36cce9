import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { ApiContext } from '../../../src/api/api-context.ts';
import type { Caller } from '../../../src/api/auth/caller.ts';
import { createApiHandler } from '../../../src/api/create-api-handler.ts';
import { NotInstalledError, type RepositoryClients } from '../../../src/app/repository-clients.ts';
import { changeIdOf } from '../../../src/core/decision/change-id.ts';
import type { RepositoryPermission } from '../../../src/core/lifecycle/has-write-access.ts';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness } from '../../support/reconcile-harness.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/**
 * The REST API over the in-memory GitHub on a loopback server: the bearer token names the caller;
 * `olive` writes, `tess` reads, anyone else has no access; only acme/payments has the app.
 */
const setUp = async () => {
  const harness = createReconcileHarness();
  const { github } = harness;
  const roles: Record<string, RepositoryPermission> = { olive: 'write', tess: 'read', carl: 'write' };
  const permissionsAsked: string[] = [];
  const clients: RepositoryClients = {
    port: github.port,
    permissions: {
      async repositoryPermission(_repo, login) {
        permissionsAsked.push(login);
        return roles[login] ?? 'none';
      },
    },
    intake: {} as RepositoryClients['intake'],
    reports: {} as RepositoryClients['reports'],
  };
  const api: ApiContext = {
    deps: harness.deps,
    clients: async (repo) => {
      if (`${repo.owner}/${repo.repo}` !== `${github.owner}/${github.repo}`)
        throw new NotInstalledError('no');
      return clients;
    },
    // `Bearer <login>`, or `Bearer <login>:elsewhere` for a token of that person that cannot read any repository.
    authenticate: async (authorization): Promise<Caller> => {
      const [login, scope] = (authorization ?? '').replace(/^Bearer /, '').split(':');
      return { kind: 'user', login: login!, tokenSees: async () => scope !== 'elsewhere' };
    },
    limiter: null,
    log: { info: () => {}, warn: () => {}, error: () => {} },
  };
  const handler = createApiHandler(api);
  const server = createServer((request, response) => {
    void handler(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/change-management`;
  const post = async (login: string, path: string, body: Record<string, unknown>) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  // A change request no evaluation has seen yet: reading it owes a `submitted` entry (a write).
  const number = github.openIssue({
    author: 'dana',
    body: `A fix.\n\n${LOW_PRIORITY_BLOCK}`,
    labels: ['change'],
  });
  const changeId = changeIdOf(github.get(number));
  return { github, post, changeId, permissionsAsked };
};

describe('approve, implement and complete: the caller must see the repository first', () => {
  test.each([
    ['approve', { approved: true }],
    ['implement', {}],
    ['complete', { status: 'completed' }],
  ])('%s by someone without access: a uniform 404, nothing read or written', async (action, extra) => {
    const { github, post, changeId } = await setUp();
    const existing = await post('mallory', `/change-requests/${changeId}/${action}`, {
      repository: 'acme/payments',
      ...extra,
    });
    const missing = await post('mallory', `/change-requests/CHG-2026-999/${action}`, {
      repository: 'acme/payments',
      ...extra,
    });
    const elsewhere = await post('mallory', `/change-requests/${changeId}/${action}`, {
      repository: 'acme/secret',
      ...extra,
    });
    for (const answer of [existing, missing, elsewhere]) {
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toBe('change not found, or not visible to you');
    }
    expect(github.writes).toEqual([]);
  });

  test('a reader is let through to the rules (and the owed entry is written for them)', async () => {
    const { github, post, changeId, permissionsAsked } = await setUp();
    const answer = await post('tess', `/change-requests/${changeId}/approve`, {
      repository: 'acme/payments',
      approved: true,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.rule).toBe('not_a_holder');
    expect(permissionsAsked[0]).toBe('tess');
    expect(github.writes.length).toBeGreaterThan(0);
  });
});

describe('a user token that cannot read the repository does not act for its owner', () => {
  test.each([
    ['approve', { approved: true }],
    ['implement', {}],
    ['complete', { status: 'completed' }],
  ])(
    '%s with a token scoped elsewhere: 403 token_repository_access, nothing asked or written',
    async (action, extra) => {
      const { github, post, changeId, permissionsAsked } = await setUp();
      const answer = await post('carl:elsewhere', `/change-requests/${changeId}/${action}`, {
        repository: 'acme/payments',
        ...extra,
      });
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        rule: 'token_repository_access',
        detail: 'this token cannot see acme/payments: use a token that can read the repository',
      });
      expect(permissionsAsked).toEqual([]);
      expect(github.writes).toEqual([]);
    },
  );

  test('filing a change with such a token is refused the same way', async () => {
    const { github, post } = await setUp();
    const writes = github.writes.length;
    const answer = await post('olive:elsewhere', '/change-requests', {
      repository: 'acme/payments',
      title: 'Fix the session timeout',
      change_type: 'bugfix',
      priority: 'low',
      affected_systems: ['admin-ui'],
      rollback_plan: 'Revert the commit',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.rule).toBe('token_repository_access');
    expect(github.writes.length).toBe(writes);
  });
});
