import { describe, expect, test } from 'vitest';
import { createAuthenticator } from '../../../src/api/auth/authenticate.ts';
import { createUserTokenIdentity } from '../../../src/api/auth/user-token-identity.ts';
import { createUserTokenRepositoryAccess } from '../../../src/api/auth/user-token-repository-access.ts';
import { ApiProblem, problemBody } from '../../../src/api/http/api-problem.ts';
import { createMemoryRateLimiter, parseRateLimit } from '../../../src/api/http/rate-limiter.ts';
import { routeTable } from '../../../src/api/http/route-table.ts';

describe('rate limit', () => {
  test('reads <requests>/<window> or off, and says what to write otherwise', () => {
    expect(parseRateLimit(undefined)).toEqual({ requests: 120, windowMs: 60_000 });
    expect(parseRateLimit('10/30s')).toEqual({ requests: 10, windowMs: 30_000 });
    expect(parseRateLimit('off')).toBeNull();
    expect(() => parseRateLimit('lots')).toThrow(/CHANGE_GATE_API_RATE_LIMIT: "lots" is not/);
    expect(() => parseRateLimit('0/1m')).toThrow(/CHANGE_GATE_API_RATE_LIMIT/);
  });

  test('per caller: the budget of one is not another’s; the window resets', async () => {
    const limiter = createMemoryRateLimiter({ requests: 2, windowMs: 10_000 });
    expect((await limiter.take('a', 0)).allowed).toBe(true);
    expect((await limiter.take('a', 1)).allowed).toBe(true);
    expect(await limiter.take('a', 2_500)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 8 });
    expect((await limiter.take('b', 3)).allowed).toBe(true);
    expect((await limiter.take('a', 10_000)).allowed).toBe(true);
  });
});

describe('route table', () => {
  const match = routeTable([
    { method: 'GET', path: '/change-requests/{change_id}', handle: async () => {} },
    { method: 'POST', path: '/change-requests/{change_id}/approve', handle: async () => {} },
  ]);
  test('path parameters, wrong methods and unknown paths', () => {
    const found = match('GET', '/change-requests/CHG-2025-001');
    expect(found.kind === 'found' && found.params).toEqual({ change_id: 'CHG-2025-001' });
    expect(match('GET', '/change-requests/CHG-2025-001/approve')).toEqual({
      kind: 'wrong_method',
      allowed: ['POST'],
    });
    expect(match('GET', '/change-requests/a/b/c')).toEqual({ kind: 'none' });
  });
});

describe('problem details', () => {
  test('RFC 9457 fields, errors and the rule', () => {
    const problem = new ApiProblem('forbidden', 'holds none of the required roles', { rule: 'not_a_holder' });
    expect(problemBody(problem, '/api/v1/change-management/change-requests/CHG-2025-001/approve')).toEqual({
      type: 'https://change-gate.dev/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'holds none of the required roles',
      instance: '/api/v1/change-management/change-requests/CHG-2025-001/approve',
      rule: 'not_a_holder',
    });
  });
});

describe('bearer tokens', () => {
  test('a user token is asked of GitHub once, then cached by its hash for a minute', async () => {
    const asked: string[] = [];
    let now = 0;
    const identity = createUserTokenIdentity({
      apiUrl: 'https://ghe.example/api/v3/',
      now: () => now,
      fetch: (async (url: string, init: { headers: Record<string, string> }) => {
        asked.push(`${url} ${init.headers.authorization}`);
        return init.headers.authorization === 'Bearer good'
          ? new Response(JSON.stringify({ login: 'lee' }), { status: 200 })
          : new Response('{}', { status: 401 });
      }) as unknown as typeof fetch,
    });
    expect(await identity('good')).toBe('lee');
    expect(await identity('good')).toBe('lee');
    expect(asked).toEqual(['https://ghe.example/api/v3/user Bearer good']);
    now = 61_000;
    await identity('good');
    expect(asked).toHaveLength(2);
    await expect(identity('bad')).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  test('no header or another scheme is 401; a JWT goes to the OIDC verifier, anything else to GitHub', async () => {
    const authenticate = createAuthenticator({
      userLogin: async (token) => `user-of-${token}`,
      userSees: async (token, repo) => token === 'ghp_x' && repo.repo === 'web',
      oidc: async () => ({
        kind: 'oidc',
        repository: 'acme/web',
        environment: null,
        actor: null,
        subject: 's',
      }),
    });
    await expect(authenticate(undefined)).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(authenticate('Basic abc')).rejects.toMatchObject({ kind: 'unauthorized' });
    const user = await authenticate('Bearer ghp_x');
    expect(user).toMatchObject({ kind: 'user', login: 'user-of-ghp_x' });
    // The caller's own token is what is asked about a repository.
    if (user.kind !== 'user') throw new Error('not a user');
    expect(await user.tokenSees({ owner: 'acme', repo: 'web' })).toBe(true);
    expect(await user.tokenSees({ owner: 'acme', repo: 'secret' })).toBe(false);
    expect(await authenticate('bearer eyJhbGciOiJSUzI1NiJ9.eyJ4IjoxfQ.c2ln')).toMatchObject({ kind: 'oidc' });
  });

  test('whether a user token can read a repository: GitHub asked with that token, 403/404 = no, cached by hash and repository', async () => {
    const asked: string[] = [];
    let now = 0;
    const sees = createUserTokenRepositoryAccess({
      apiUrl: 'https://ghe.example/api/v3/',
      now: () => now,
      fetch: (async (url: string, init: { headers: Record<string, string> }) => {
        asked.push(`${url} ${init.headers.authorization}`);
        if (init.headers.authorization === 'Bearer revoked') return new Response('{}', { status: 401 });
        if (init.headers.authorization === 'Bearer flaky') return new Response('{}', { status: 500 });
        if (url.endsWith('/repos/acme/web')) return new Response('{}', { status: 200 });
        return new Response('{}', { status: url.endsWith('/repos/acme/hidden') ? 404 : 403 });
      }) as unknown as typeof fetch,
    });
    expect(await sees('t', { owner: 'acme', repo: 'web' })).toBe(true);
    expect(await sees('t', { owner: 'acme', repo: 'hidden' })).toBe(false);
    expect(await sees('t', { owner: 'acme', repo: 'other' })).toBe(false);
    expect(await sees('t', { owner: 'acme', repo: 'web' })).toBe(true);
    expect(asked).toEqual([
      'https://ghe.example/api/v3/repos/acme/web Bearer t',
      'https://ghe.example/api/v3/repos/acme/hidden Bearer t',
      'https://ghe.example/api/v3/repos/acme/other Bearer t',
    ]);
    now = 61_000;
    await sees('t', { owner: 'acme', repo: 'web' });
    expect(asked).toHaveLength(4);
    await expect(sees('revoked', { owner: 'acme', repo: 'web' })).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    await expect(sees('flaky', { owner: 'acme', repo: 'web' })).rejects.toMatchObject({
      kind: 'bad_gateway',
    });
  });
});
