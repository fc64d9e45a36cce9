import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotInstalledError } from '../app/repository-clients.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { GitHubError } from '../github/ports/github-error.ts';
import type { ApiContext } from './api-context.ts';
import { type Caller, callerKey } from './auth/caller.ts';
import { ApiProblem } from './http/api-problem.ts';
import { type RouteRequest, routeTable } from './http/route-table.ts';
import { sendJson, sendProblem } from './http/send.ts';
import { API_BASE, openApiDocument } from './openapi/openapi-document.ts';
import { approveRoute } from './routes/approve-route.ts';
import { createChangeRequestRoute } from './routes/create-change-request-route.ts';
import { completeRoute, implementRoute } from './routes/move-routes.ts';
import { getChangeRoute, historyRoute, listRoute, reportRoute } from './routes/read-routes.ts';

type Authenticated = (request: RouteRequest & { caller: Caller }) => Promise<void>;

/**
 * The REST API as one handler for Probot's HTTP server (`addHandler`): it answers every request under
 * `/api/v1/change-management` and lets everything else through (returns false). Each call is authenticated
 * (bearer token), rate-limited per caller, routed, and any refusal is answered as RFC 9457 problem details;
 * an unexpected error is logged and answered 500 without its internals.
 */
export const createApiHandler = (api: ApiContext) => {
  const routes: Array<{ method: 'GET' | 'POST'; path: string; handle: Authenticated | null }> = [
    { method: 'GET', path: '/openapi.json', handle: null },
    { method: 'POST', path: '/change-requests', handle: createChangeRequestRoute(api) },
    { method: 'GET', path: '/change-requests', handle: listRoute(api) },
    { method: 'GET', path: '/change-requests/{change_id}', handle: getChangeRoute(api) },
    { method: 'GET', path: '/change-requests/{change_id}/history', handle: historyRoute(api) },
    { method: 'POST', path: '/change-requests/{change_id}/approve', handle: approveRoute(api) },
    { method: 'POST', path: '/change-requests/{change_id}/implement', handle: implementRoute(api) },
    { method: 'POST', path: '/change-requests/{change_id}/complete', handle: completeRoute(api) },
    { method: 'GET', path: '/reports', handle: reportRoute(api) },
  ];
  const authenticated = new Map(routes.map((route) => [`${route.method} ${route.path}`, route.handle]));
  const match = routeTable(
    routes.map((route) => ({
      method: route.method,
      path: route.path,
      handle: async (request: RouteRequest) => {
        const handle = authenticated.get(`${route.method} ${route.path}`);
        if (!handle) return sendJson(request.response, 200, openApiDocument);
        const caller = await api.authenticate(request.request.headers.authorization);
        await limit(api, caller);
        await handle({ ...request, caller });
      },
    })),
  );

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== API_BASE && !url.pathname.startsWith(`${API_BASE}/`)) return false;
    const path = url.pathname.slice(API_BASE.length) || '/';
    try {
      const found = match(request.method ?? 'GET', path);
      if (found.kind === 'none') throw new ApiProblem('not_found', `no such endpoint: ${url.pathname}`);
      if (found.kind === 'wrong_method') {
        throw new ApiProblem(
          'method_not_allowed',
          `${request.method} is not allowed here; use ${found.allowed.join(' or ')}`,
          {
            headers: { allow: found.allowed.join(', ') },
          },
        );
      }
      const params = Object.fromEntries(
        Object.entries(found.params).map(([name, value]) => [name, safeDecode(value)]),
      );
      await found.route.handle({ request, response, params, query: url.searchParams, path: url.pathname });
    } catch (error) {
      if (response.headersSent) {
        api.log.error(`${request.method} ${url.pathname}: failed after answering: ${errorMessage(error)}`);
        response.end();
        return true;
      }
      sendProblem(response, toProblem(api, error, `${request.method} ${url.pathname}`), url.pathname);
    }
    return true;
  };
};

const limit = async (api: ApiContext, caller: Caller): Promise<void> => {
  if (!api.limiter) return;
  const decision = await api.limiter.take(callerKey(caller), Date.now());
  if (!decision.allowed) {
    throw new ApiProblem(
      'too_many_requests',
      `too many requests from this caller: retry in ${decision.retryAfterSeconds}s`,
      {
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      },
    );
  }
};

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Any error as the problem the caller reads: ours as they are, GitHub's failures as 502 (404 as 404). */
const toProblem = (api: ApiContext, error: unknown, where: string): ApiProblem => {
  if (error instanceof ApiProblem) return error;
  if (error instanceof NotInstalledError) return new ApiProblem('not_found', error.message);
  if (error instanceof GitHubError) {
    api.log.warn(`${where}: ${errorMessage(error)}`);
    if (error.status === 404 || /Could not resolve to/.test(error.message))
      return new ApiProblem('not_found', `GitHub has no such object: ${errorMessage(error)}`);
    return new ApiProblem(
      'bad_gateway',
      `GitHub could not be read or written, so nothing was decided: ${errorMessage(error)}`,
    );
  }
  api.log.error(`${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new ApiProblem('internal', 'an unexpected error; it was logged');
};
