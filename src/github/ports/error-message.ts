import { GitHubError } from './github-error.ts';

const MAX_CHARS = 2000;

/**
 * Any error as the one line a person reads (in a check, a refusal, a log): GitHub's own words with what
 * was asked and the request id when GitHub answered, the host's error code when it did not; never a stack,
 * never unbounded.
 */
export function errorMessage(error: unknown): string {
  return (error instanceof GitHubError ? describeGitHubError(error) : plainMessage(error)).slice(
    0,
    MAX_CHARS,
  );
}

function describeGitHubError(error: GitHubError): string {
  const answer =
    error.status === null
      ? `could not reach GitHub${error.code ? ` (${error.code})` : ''}`
      : `GitHub answered HTTP ${error.status}`;
  const id = error.requestId ? `, request id ${error.requestId}` : '';
  const retry = error.retryAt ? `, retry after ${error.retryAt.toISOString()}` : '';
  return `${error.request}: ${answer}: ${firstLine(error.message)}${id}${retry}`;
}

function plainMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 500);
}
