import { getPrivateKey } from '@probot/get-private-key';
import type { Probot } from 'probot';
import { createTeamMembersCache, type TeamMembersCache } from '../github/octokit/team-members-cache.ts';
import type { MergeRequirementCache } from '../use-cases/read-merge-requirement.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import { createIdentity } from './app-identity.ts';
import { createKeyedLock } from './create-keyed-lock.ts';
import { createMergeRequirementCache } from './create-merge-requirement-cache.ts';
import { loadHistoryKeys } from './history-keys.ts';

/** What every handler shares for the life of the process: the use cases' deps and the team cache. */
export interface AppDeps extends UseCaseDeps {
  teams: TeamMembersCache;
  /** Branches' merge requirements, for the warning in a change's check when the gate is not required. */
  mergeRequirements: MergeRequirementCache;
}

export const createAppDeps = (app: Probot): AppDeps => ({
  identity: createIdentity(app),
  lock: createKeyedLock(),
  teams: createTeamMembersCache(),
  mergeRequirements: createMergeRequirementCache(),
  keys: loadHistoryKeys({ env: process.env, appPrivateKey: getPrivateKey({ env: process.env }) }),
  now: () => new Date(),
});
