import { getPrivateKey } from '@probot/get-private-key';
import type { Probot } from 'probot';
import { createTeamMembersCache, type TeamMembersCache } from '../github/octokit/team-members-cache.ts';
import { type AppIdentity, createIdentity } from './app-identity.ts';
import { type HistoryKeys, loadHistoryKeys } from './history-keys.ts';
import { createKeyedLock, type KeyedLock } from './keyed-lock.ts';

/** What every handler shares for the life of the process. */
export interface AppDeps {
  identity: () => Promise<AppIdentity>;
  lock: KeyedLock;
  teams: TeamMembersCache;
  keys: HistoryKeys;
  now: () => Date;
}

export const createAppDeps = (app: Probot): AppDeps => ({
  identity: createIdentity(app),
  lock: createKeyedLock(),
  teams: createTeamMembersCache(),
  keys: loadHistoryKeys({ env: process.env, appPrivateKey: getPrivateKey({ env: process.env }) }),
  now: () => new Date(),
});
