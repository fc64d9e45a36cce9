import { ChangeNotFoundError, GitHubError } from '../ports/github-error.ts';
import { toGitHubError } from './to-github-error.ts';

/**
 * Whether reading a change failed because GitHub said, definitely, that it is not there for the app: 404 or
 * 410, GraphQL's NOT_FOUND on every error (the repository or the number does not resolve: deleted, transferred,
 * or the repository was removed from the installation), or an answer without the change. No answer, a 5xx, a
 * rate limit or anything else is not: it may pass.
 */
export const isChangeGone = (error: unknown): boolean => {
  if (error instanceof ChangeNotFoundError) return true;
  const failure = toGitHubError(error);
  if (!(failure instanceof GitHubError)) return false;
  if (failure.is(404) || failure.is(410)) return true;
  const errors = (failure.cause as { errors?: unknown } | undefined)?.errors;
  return (
    failure.request === 'POST /graphql' &&
    failure.is(200) &&
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((each) => (each as { type?: unknown } | null)?.type === 'NOT_FOUND')
  );
};

/** On github.com `/app/…`; on GitHub Enterprise Server under `/api/v3`. */
const ACCESS_TOKENS = /^POST (?:\/api\/v3)?\/app\/installations\/\d+\/access_tokens$/;

/**
 * Whether a request failed because the app's installation is gone (uninstalled): GitHub answered 404 when the
 * app asked for the installation's token. A suspended installation (403) or a refused app token (401) is not.
 */
export const isInstallationGone = (error: unknown): boolean => {
  const failure = toGitHubError(error);
  return failure instanceof GitHubError && failure.is(404) && ACCESS_TOKENS.test(failure.request);
};
