import { expectObject, type RequestOctokit } from './request-octokit.ts';

/** Who the app is on GitHub: only its own check runs and bot comments are trusted. */
export interface AppIdentity {
  id: number;
  slug: string;
  /** Login of the app's bot account as REST and webhooks spell it. */
  botLogin: string;
}

/** Reads the app behind an app (JWT) client. */
export const readAppIdentity = async (octokit: RequestOctokit): Promise<AppIdentity> => {
  // see: https://docs.github.com/rest/apps/apps#get-the-authenticated-app
  const app = expectObject({ data: (await octokit.request('GET /app')).data, what: 'GET /app' });
  if (typeof app.id !== 'number' || typeof app.slug !== 'string') {
    throw new Error('GitHub answered GET /app without the app id and slug');
  }
  return { id: app.id, slug: app.slug, botLogin: `${app.slug}[bot]` };
};
