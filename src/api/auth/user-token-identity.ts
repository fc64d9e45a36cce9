import { createHash } from 'node:crypto';
import { ApiProblem } from '../http/api-problem.ts';

/** How long GitHub's answer about a token is believed (a revoked token stops working this much later). */
export const USER_CACHE_MS = 60_000;
const MAX_CACHED = 5_000;

/**
 * A GitHub user token → the login GitHub says it belongs to (`GET /user` on github.com or the GHES API),
 * cached briefly under the SHA-256 of the token: the token itself is never kept. 401 when GitHub refuses it,
 * 502 when GitHub cannot be asked (nothing is authenticated then).
 */
export const createUserTokenIdentity = (options: {
  apiUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
}) => {
  const cache = new Map<string, { login: string; until: number }>();
  const now = options.now ?? Date.now;
  const fetcher = options.fetch ?? fetch;
  return async (token: string): Promise<string> => {
    const key = createHash('sha256').update(token).digest('hex');
    const cached = cache.get(key);
    if (cached && cached.until > now()) return cached.login;
    let response: Response;
    try {
      // see: https://docs.github.com/rest/users/users#get-the-authenticated-user
      response = await fetcher(`${options.apiUrl.replace(/\/$/, '')}/user`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.github+json',
          'user-agent': 'change-gate',
        },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ApiProblem(
        'bad_gateway',
        `GitHub could not be asked who the token belongs to: ${(error as Error).message}`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new ApiProblem(
        'unauthorized',
        'GitHub does not accept this token (invalid, expired or revoked)',
        {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        },
      );
    }
    if (!response.ok) {
      throw new ApiProblem(
        'bad_gateway',
        `GitHub answered ${response.status} when asked who the token belongs to`,
      );
    }
    const body = (await response.json().catch(() => null)) as { login?: unknown; type?: unknown } | null;
    if (typeof body?.login !== 'string' || body.login === '') {
      throw new ApiProblem('bad_gateway', 'GitHub did not say who the token belongs to');
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, { login: body.login, until: now() + USER_CACHE_MS });
    return body.login;
  };
};
