import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OpenApiValidator, OperationRef } from '../fidelity/openapi-validator.ts';
import type { ViolationLog } from '../fidelity/violations.ts';
import type { FaultInjector } from '../instruments/faults.ts';
import type { RequestLog, RequestLogEntry } from '../instruments/request-log.ts';
import type { SimContext } from '../sim-context.ts';
import { authorizeRoute, describeAuth } from './authorize-route.ts';
import { handleGraphQL } from './handle-graphql.ts';
import { HttpError } from './http-error.ts';
import { createPathMatcher } from './path-matcher.ts';
import { readJsonBody } from './read-body.ts';
import { resolveAuth } from './resolve-auth.ts';
import type { Route, RouteResponse } from './route.ts';
import { writeResponse } from './write-response.ts';

export interface ServerOptions {
  ctx: () => SimContext;
  routes: Route[];
  requestLog: RequestLog;
  faults: FaultInjector;
  violations: ViolationLog;
  /** Set when OpenAPI fidelity checks are on. */
  openapi: (() => OpenApiValidator) | null;
  clock: () => number;
  maxBodyBytes: number;
}

const API_PREFIX = '/api/v3';
const SERVER_ERROR = {
  message: 'Server Error',
  documentation_url: 'https://docs.github.com/enterprise-server@3.19/rest',
};

/** The simulator's HTTP front: GHES layout, auth, faults, fidelity checks, ETags, request log. */
export const createSimServer = (options: ServerOptions) => {
  const router = createPathMatcher(
    options.routes.map((route) => ({ template: `${route.method} ${route.path}`, value: route })),
  );
  const { violations } = options;
  let inflight = 0;
  let idleWaiters: Array<() => void> = [];

  /** Matches the request to GitHub's description and checks its body; returns the operation. */
  const checkRequest = (options2: {
    method: string;
    path: string;
    body: unknown;
  }): OperationRef | undefined => {
    if (!options.openapi) return undefined;
    const { method, path, body } = options2;
    const operation = options.openapi().matchOperation(method, path);
    if (!operation) {
      violations.record({
        kind: 'request',
        method,
        path,
        reason: `${method} ${path} is not an operation of GitHub's REST API (GHES description)`,
      });
      return undefined;
    }
    const reason = body === undefined ? null : options.openapi().checkRequestBody(operation, body);
    if (reason) violations.record({ kind: 'request', method, path, template: operation.template, reason });
    return operation;
  };

  const checkResponse = (o: {
    method: string;
    path: string;
    operation: OperationRef | undefined;
    status: number;
    result: RouteResponse;
  }) => {
    if (
      !options.openapi ||
      !o.operation ||
      o.status < 200 ||
      o.status >= 300 ||
      o.status === 304 ||
      o.result.text !== undefined
    )
      return;
    const reason = options.openapi().checkResponseBody(o.operation, {
      status: o.status,
      body: o.status === 204 ? undefined : o.result.body,
    });
    if (reason)
      violations.record({
        kind: 'simulator',
        method: o.method,
        path: o.path,
        template: o.operation.template,
        reason,
      });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const ctx = options.ctx();
    const url = new URL(request.url ?? '/', ctx.urls.web);
    const method = (request.method ?? 'GET').toUpperCase();
    const requestId = randomUUID().slice(0, 23).toUpperCase();
    const isGraphQL = url.pathname === '/api/graphql';
    const isRest = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = isRest ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    const entry: RequestLogEntry = {
      seq: options.requestLog.nextSeq(),
      api: isGraphQL ? 'graphql' : isRest ? 'rest' : 'other',
      method,
      path,
      template: isGraphQL ? '/graphql' : null,
      query: url.search,
      status: 0,
      startedAt: options.clock(),
      endedAt: 0,
      durationMs: 0,
      auth: 'none',
    };
    const delivery = request.headers['x-github-delivery'];
    if (typeof delivery === 'string') entry.delivery = delivery;
    let operation: OperationRef | undefined;
    let result: RouteResponse;
    try {
      const body = await readJsonBody(request, options.maxBodyBytes);
      const delay = options.faults.delayMs();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const matched = isRest ? router.match(method, path) : undefined;
      if (isRest) operation = checkRequest({ method, path, body });
      entry.template = operation?.template ?? matched?.template ?? entry.template;
      const graphqlOperation = isGraphQL ? graphqlOperationOf(body) : undefined;
      // Named in the log even when a fault answers before the document is executed.
      if (graphqlOperation) entry.graphqlOperationName = graphqlOperation;
      const fault = options.faults.decide({
        method,
        path,
        template: entry.template,
        requestId,
        graphqlOperation,
      });
      const faultError = fault
        ? new HttpError({
            status: fault.status,
            message: String(fault.body.message),
            headers: fault.headers,
            ...(typeof fault.body.documentation_url === 'string'
              ? { documentationUrl: fault.body.documentation_url }
              : {}),
          })
        : null;
      if (fault) entry.fault = fault.label;
      if (faultError && !fault?.afterHandling) throw faultError;
      const auth = resolveAuth(ctx.store, { header: request.headers.authorization, nowMs: Date.now() });
      Object.assign(entry, describeAuth(auth));
      if (isGraphQL) {
        result = await handleGraphQL(ctx, { method, auth, body, entry, violations });
      } else if (!matched) {
        if (operation) {
          violations.record({
            kind: 'simulator',
            method,
            path,
            template: operation.template,
            reason: `${method} ${operation.template} exists on GitHub but the simulator does not implement it`,
          });
        }
        throw new HttpError({ status: 404, message: 'Not Found' });
      } else {
        authorizeRoute(auth, matched.value);
        result = await matched.value.handle({
          ctx,
          method,
          params: matched.params,
          query: url.searchParams,
          body,
          headers: request.headers,
          auth,
          url,
        });
      }
      // The write happened; the client is told it failed.
      if (faultError) throw faultError;
    } catch (error) {
      if (error instanceof HttpError) {
        result = { status: error.status, body: error.body, headers: error.headers };
      } else {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        violations.record({ kind: 'simulator', method, path, reason: `simulator crashed: ${message}` });
        result = { status: 500, body: SERVER_ERROR };
      }
    }
    const status = writeResponse({ request, response, result, requestId, entry });
    entry.status = status;
    entry.endedAt = options.clock();
    entry.durationMs = entry.endedAt - entry.startedAt;
    options.requestLog.push(entry);
    // After timing, in the same tick: the check costs the client nothing and it cannot act before it.
    checkResponse({ method, path, operation, status, result });
  };

  const server: Server = createServer((request, response) => {
    inflight++;
    handle(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent)
          response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ ...SERVER_ERROR, detail: String(error) }));
      })
      .finally(() => {
        inflight--;
        if (inflight === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  });
  // Idle connections are kept for 5 s (Node's default) and reused, as api.github.com's are. At 1 s every request
  // connected anew: undici (Node's fetch, Octokit's transport) closes a connection whose server keeps it 2 s or less.
  server.keepAliveTimeout = 5000;

  return {
    server,
    inflight: () => inflight,
    whenIdle: (): Promise<void> =>
      inflight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
  };
};

/** The operation name of a GraphQL request body (`operationName`, else the document's first named operation). */
const graphqlOperationOf = (body: unknown): string | undefined => {
  const request = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof request.operationName === 'string') return request.operationName;
  if (typeof request.query !== 'string') return undefined;
  return /(?:^|\s)(?:query|mutation|subscription)\s+(\w+)/.exec(request.query.replace(/#[^\n]*/g, ' '))?.[1];
};
