import { createHash } from 'node:crypto';
import type { RepoRef } from '../../github/ports/github-port.ts';
import { ApiProblem } from '../http/api-problem.ts';
import { USER_CACHE_MS } from './user-token-identity.ts';

const MAX_CACHED = 5_000;

/**
 * Whether a GitHub user token itself can read a repository (`GET /repos/{owner}/{repo}` with that token), so
 * a token made for something else (another app's OAuth token, a fine-grained token scoped to other
 * repositories) does not act as its owner here. 200: yes; 403 or 404: no. Cached like the identity, under
 * the SHA-256 of the token and the repository (the token is never kept). 401 when GitHub refuses the token,
 * 502 when GitHub cannot be asked.
 */
export const createUserTokenRepositoryAccess = (options: {
  apiUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
}) => {
  const cache = new Map<string, { sees: boolean; until: number }>();
  const now = options.now ?? Date.now;
  const fetcher = options.fetch ?? fetch;
  return async (token: string, repo: RepoRef): Promise<boolean> => {
    const name = `${repo.owner}/${repo.repo}`;
    const key = `${createHash('sha256').update(token).digest('hex')} ${name.toLowerCase()}`;
    const cached = cache.get(key);
    if (cached && cached.until > now()) return cached.sees;
    let response: Response;
    try {
      // see: https://docs.github.com/rest/repos/repos#get-a-repository
      response = await fetcher(
        `${options.apiUrl.replace(/\/$/, '')}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/vnd.github+json',
            'user-agent': 'change-gate',
          },
          signal: AbortSignal.timeout(10_000),
        },
      );
    } catch (error) {
      throw new ApiProblem(
        'bad_gateway',
        `GitHub could not be asked whether the token can read ${name}: ${(error as Error).message}`,
      );
    }
    await response.body?.cancel().catch(() => {});
    if (response.status === 401) {
      throw new ApiProblem(
        'unauthorized',
        'GitHub does not accept this token (invalid, expired or revoked)',
        {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        },
      );
    }
    if (!response.ok && response.status !== 403 && response.status !== 404) {
      throw new ApiProblem(
        'bad_gateway',
        `GitHub answered ${response.status} when asked whether the token can read ${name}`,
      );
    }
    const sees = response.ok;
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, { sees, until: now() + USER_CACHE_MS });
    return sees;
  };
};
