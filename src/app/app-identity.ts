import type { Probot } from 'probot';
import { readAppIdentity } from '../github/octokit/read-app-identity.ts';
import type { AppIdentity } from '../github/ports/app-identity.ts';

/** Reads `GET /app` once; a failed read is retried on the next call instead of being remembered. */
export const createIdentity = (app: Probot): (() => Promise<AppIdentity>) => {
  let pending: Promise<AppIdentity> | null = null;
  return () => {
    pending ??= (async () => readAppIdentity(await app.auth()))().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
};
