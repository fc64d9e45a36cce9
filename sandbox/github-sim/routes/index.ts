import type { Route } from '../http/route.ts';
import { appRoutes } from './apps.ts';
import { checkRoutes } from './checks.ts';
import { collaboratorRoutes } from './collaborators.ts';
import { contentRoutes } from './contents.ts';
import { deploymentRoutes } from './deployments.ts';
import { gitRefRoutes } from './git-refs.ts';
import { issueRoutes } from './issues.ts';
import { pullRoutes } from './pulls.ts';
import { rateLimitRoutes } from './rate-limit.ts';
import { ruleRoutes } from './rules.ts';
import { searchRoutes } from './search.ts';
import { teamRoutes } from './teams.ts';
import { workflowRunRoutes } from './workflow-runs.ts';

/** Every REST route the simulator serves. */
export const allRoutes: Route[] = [
  ...appRoutes,
  ...contentRoutes,
  ...gitRefRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...checkRoutes,
  ...deploymentRoutes,
  ...workflowRunRoutes,
  ...teamRoutes,
  ...searchRoutes,
  ...rateLimitRoutes,
  ...ruleRoutes,
  ...collaboratorRoutes,
];
