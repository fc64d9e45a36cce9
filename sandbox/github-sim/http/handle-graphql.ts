import type { ViolationLog } from '../fidelity/violations.ts';
import { executeGraphQL } from '../graphql/execute-graphql.ts';
import type { RequestLogEntry } from '../instruments/request-log.ts';
import type { SimContext } from '../sim-context.ts';
import { HttpError } from './http-error.ts';
import type { Auth, RouteResponse } from './route.ts';

/** POST /api/graphql: a token is required; invalid queries and unimplemented fields are recorded. */
export const handleGraphQL = async (
  ctx: SimContext,
  options: { method: string; auth: Auth; body: unknown; entry: RequestLogEntry; violations: ViolationLog },
): Promise<RouteResponse> => {
  const { method, auth, entry, violations } = options;
  if (method !== 'POST') throw new HttpError({ status: 404, message: 'Not Found' });
  if (auth.kind === 'none' || auth.kind === 'app') {
    throw new HttpError({ status: 401, message: 'This endpoint requires you to be authenticated.' });
  }
  const outcome = await executeGraphQL(ctx, { auth, body: options.body });
  if (outcome.operationName) entry.graphqlOperationName = outcome.operationName;
  const where = { method, path: entry.path, template: 'graphql' };
  if (outcome.invalid) {
    violations.record({
      kind: 'request',
      ...where,
      reason: `GraphQL query rejected by GitHub's schema: ${outcome.invalid}`,
    });
  }
  for (const field of outcome.unimplemented) {
    violations.record({
      kind: 'simulator',
      ...where,
      reason: `GraphQL field ${field} is not implemented by the simulator`,
    });
  }
  return { status: outcome.status, body: outcome.body };
};
