import { ApiProblem } from '../http/api-problem.ts';
import { askGitHubWithToken, createTokenAnswerCache, tokenRefused } from './ask-github-with-token.ts';

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
  const cache = createTokenAnswerCache<string>(options.now ?? Date.now);
  const fetcher = options.fetch ?? fetch;
  return async (token: string): Promise<string> => {
    const cached = cache.get(token);
    if (cached !== undefined) return cached;
    // see: https://docs.github.com/rest/users/users#get-the-authenticated-user
    const response = await askGitHubWithToken({
      apiUrl: options.apiUrl,
      fetcher,
      token,
      path: '/user',
      question: 'who the token belongs to',
    });
    if (response.status === 401 || response.status === 403) throw tokenRefused();
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
    cache.set(token, body.login);
    return body.login;
  };
};
