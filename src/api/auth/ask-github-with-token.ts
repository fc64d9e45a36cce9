import { createHash } from 'node:crypto';
import { ApiProblem } from '../http/api-problem.ts';

/** How long GitHub's answer about a token is believed (a revoked token stops working this much later). */
const USER_CACHE_MS = 60_000;
const MAX_CACHED = 5_000;

/**
 * GitHub's answers about tokens, kept USER_CACHE_MS under the SHA-256 of the token (and whatever else the key
 * names): the token itself is never kept. At most 5,000 answers, the oldest let go first.
 */
export const createTokenAnswerCache = <T>(now: () => number) => {
  const cache = new Map<string, { value: T; until: number }>();
  const keyOf = (token: string, extra: string) =>
    `${createHash('sha256').update(token).digest('hex')} ${extra}`;
  return {
    get(token: string, extra = ''): T | undefined {
      const cached = cache.get(keyOf(token, extra));
      return cached && cached.until > now() ? cached.value : undefined;
    },
    set(token: string, value: T, extra = ''): void {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(keyOf(token, extra), { value, until: now() + USER_CACHE_MS });
    },
  };
};

/** A GET of PATH on GitHub's API with the caller's TOKEN; 502 saying which QUESTION could not be asked. */
export const askGitHubWithToken = async (options: {
  apiUrl: string;
  fetcher: typeof fetch;
  token: string;
  path: string;
  question: string;
}): Promise<Response> => {
  try {
    return await options.fetcher(`${options.apiUrl.replace(/\/$/, '')}${options.path}`, {
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/vnd.github+json',
        'user-agent': 'change-gate',
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ApiProblem(
      'bad_gateway',
      `GitHub could not be asked ${options.question}: ${(error as Error).message}`,
    );
  }
};

/** GitHub refused the token itself. */
export const tokenRefused = (): ApiProblem =>
  new ApiProblem('unauthorized', 'GitHub does not accept this token (invalid, expired or revoked)', {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });
