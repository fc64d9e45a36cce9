import type { AppIdentity } from '../ports/app-identity.ts';
import { expectObject, type RequestOctokit } from './request-octokit.ts';
import { toGitHubError } from './to-github-error.ts';

/** Reads the app behind an app (JWT) client. */
export const readAppIdentity = async (octokit: RequestOctokit): Promise<AppIdentity> => {
  // see: https://docs.github.com/rest/apps/apps#get-the-authenticated-app
  const response = await octokit.request('GET /app').catch((error: unknown) => {
    throw toGitHubError(error);
  });
  const app = expectObject({ data: response.data, what: 'GET /app' });
  if (typeof app.id !== 'number' || typeof app.slug !== 'string') {
    throw new Error('GitHub answered GET /app without the app id and slug');
  }
  return { id: app.id, slug: app.slug, botLogin: `${app.slug}[bot]` };
};
