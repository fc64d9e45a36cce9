import type { Route } from '../http/route.ts';
import { ok } from './route-helpers.ts';

export const rateLimitRoutes: Route[] = [
  // see: https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user
  {
    method: 'GET',
    path: '/rate_limit',
    auth: 'none',
    handle: () => {
      const rate = { limit: 5000, used: 0, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 };
      return ok({
        resources: { core: rate, search: { ...rate, limit: 30, remaining: 30 }, graphql: rate },
        rate,
      });
    },
  },
];
