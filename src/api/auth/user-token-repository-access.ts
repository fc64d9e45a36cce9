import type { RepoRef } from '../../github/ports/github-port.ts';
import { ApiProblem } from '../http/api-problem.ts';
import { askGitHubWithToken, createTokenAnswerCache, tokenRefused } from './ask-github-with-token.ts';

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
  const cache = createTokenAnswerCache<boolean>(options.now ?? Date.now);
  const fetcher = options.fetch ?? fetch;
  return async (token: string, repo: RepoRef): Promise<boolean> => {
    const name = `${repo.owner}/${repo.repo}`;
    const cached = cache.get(token, name.toLowerCase());
    if (cached !== undefined) return cached;
    // see: https://docs.github.com/rest/repos/repos#get-a-repository
    const response = await askGitHubWithToken({
      apiUrl: options.apiUrl,
      fetcher,
      token,
      path: `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`,
      question: `whether the token can read ${name}`,
    });
    await response.body?.cancel().catch(() => {});
    if (response.status === 401) throw tokenRefused();
    if (!response.ok && response.status !== 403 && response.status !== 404) {
      throw new ApiProblem(
        'bad_gateway',
        `GitHub answered ${response.status} when asked whether the token can read ${name}`,
      );
    }
    cache.set(token, response.ok, name.toLowerCase());
    return response.ok;
  };
};
