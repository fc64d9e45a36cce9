import type { Probot } from 'probot';

/** Who the app is on GitHub: only its own check runs and bot comments are trusted. */
export interface AppIdentity {
  id: number;
  slug: string;
  /** Login of the app's bot account as REST and webhooks spell it. */
  botLogin: string;
}

/** Reads `GET /app` once; a failed read is retried on the next call instead of being remembered. */
export const createIdentity = (app: Probot): (() => Promise<AppIdentity>) => {
  let pending: Promise<AppIdentity> | null = null;
  return () => {
    pending ??= (async () => {
      const octokit = await app.auth();
      // see: https://docs.github.com/rest/apps/apps#get-the-authenticated-app
      const { data } = await octokit.request('GET /app');
      if (!data) throw new Error('GitHub returned no app for the app token');
      return { id: data.id, slug: data.slug ?? '', botLogin: `${data.slug}[bot]` };
    })().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
};
