import type { Route } from '../http/route.ts';
import { appRoutes } from './apps.ts';
import { checkRoutes } from './checks.ts';
import { contentRoutes } from './contents.ts';
import { deploymentRoutes } from './deployments.ts';
import { issueRoutes } from './issues.ts';
import { pullRoutes } from './pulls.ts';
import { searchRoutes } from './search.ts';
import { teamRoutes } from './teams.ts';

/** Every REST route the simulator serves; `GET /rate_limit` is answered by the server itself. */
export const allRoutes: Route[] = [
  ...appRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...checkRoutes,
  ...deploymentRoutes,
  ...teamRoutes,
  ...searchRoutes,
];
