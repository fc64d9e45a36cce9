import { getPrivateKey } from '@probot/get-private-key';
import type { Probot } from 'probot';
import { createTeamMembersCache, type TeamMembersCache } from '../github/octokit/team-members-cache.ts';
import { createNotificationSender } from '../notify/create-notification-sender.ts';
import { createNotificationQueue } from '../use-cases/notification-queue.ts';
import type { MergeRequirementCache } from '../use-cases/read-merge-requirement.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import { createIdentity } from './app-identity.ts';
import { createClock } from './create-clock.ts';
import { createKeyedLock } from './create-keyed-lock.ts';
import { createMemorySentDeliveries } from './create-memory-sent-deliveries.ts';
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
  now: createClock(process.env),
  notifications: createNotificationQueue({
    sender: createNotificationSender({ env: process.env }),
    sent: createMemorySentDeliveries(),
    log: app.log,
  }),
});
