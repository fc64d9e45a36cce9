import { errorMessage } from '../../src/github/ports/error-message.ts';
import { GitHubError } from '../../src/github/ports/github-error.ts';

/**
 * errorMessage, plus what to grant when the job's token lacks a permission: REST answers 403, GraphQL
 * answers 200 with a FORBIDDEN error in its body.
 */
export function actionErrorMessage(error: unknown): string {
  const text = errorMessage(error);
  const refused = error instanceof GitHubError && (error.is(403) || error.request.endsWith('/graphql'));
  if (refused && /not accessible by integration/i.test(text)) {
    return `${text}: grant the job permissions contents: read, pull-requests: read, checks: read, deployments: write`;
  }
  return text;
}
