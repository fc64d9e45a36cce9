import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OpenApiValidator, OperationRef } from '../fidelity/openapi-validator.ts';
import type { ViolationLog } from '../fidelity/violations.ts';
import { executeGraphQL } from '../graphql/execute-graphql.ts';
import type { FaultInjector } from '../instruments/faults.ts';
import type { RequestLog, RequestLogEntry } from '../instruments/request-log.ts';
import type { SimContext } from '../sim-context.ts';
import { HttpError } from './http-error.ts';
import { createPathMatcher } from './path-matcher.ts';
import { resolveAuth } from './resolve-auth.ts';
import type { Auth, Route, RouteResponse } from './route.ts';

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

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };
const API_PREFIX = '/api/v3';

const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError({ status: 413, message: `Request body exceeds ${limit} bytes` }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

const etagOf = (text: string): string => `W/"${createHash('sha256').update(text).digest('hex')}"`;
const etagMatches = (header: string | undefined, etag: string): boolean =>
  (header ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .includes(etag.replace(/^W\//, ''));

const permitted = (auth: Auth, route: Route): boolean => {
  if (auth.kind !== 'installation' || !route.permission) return true;
  return route.permission.some((needed) => {
    const [name, level] = needed.split(':') as [string, string];
    const granted = auth.grant.permissions[name];
    return granted !== undefined && (LEVEL[granted] ?? 0) >= (LEVEL[level] ?? 9);
  });
};

const authLabel = (auth: Auth): Pick<RequestLogEntry, 'auth' | 'installationId' | 'appId' | 'userLogin'> => {
  switch (auth.kind) {
    case 'app':
      return { auth: 'app', appId: auth.app.id };
    case 'installation':
      return { auth: 'installation', installationId: auth.installation.id, appId: auth.app.id };
    case 'user':
      return { auth: 'user', userLogin: auth.user.login };
    default:
      return { auth: 'none' };
  }
};

/** The simulator's HTTP front: GHES layout, auth, faults, fidelity checks, ETags, request log. */
export const createSimServer = (options: ServerOptions) => {
  const router = createPathMatcher(
    options.routes.map((route) => ({ template: `${route.method} ${route.path}`, value: route })),
  );
  let inflight = 0;
  let idleWaiters: Array<() => void> = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const ctx = options.ctx();
    const startedAt = options.clock();
    const seq = options.requestLog.nextSeq();
    const url = new URL(request.url ?? '/', ctx.urls.web);
    const method = (request.method ?? 'GET').toUpperCase();
    const requestId = randomUUID().slice(0, 23).toUpperCase();
    const isGraphQL = url.pathname === '/api/graphql';
    const isRest = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = isRest ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    const entry: RequestLogEntry = {
      seq,
      api: isGraphQL ? 'graphql' : isRest ? 'rest' : 'other',
      method,
      path,
      template: isGraphQL ? '/graphql' : null,
      query: url.search,
      status: 0,
      startedAt,
      endedAt: 0,
      durationMs: 0,
      auth: 'none',
    };
    let operation: OperationRef | undefined;
    let result: RouteResponse;
    try {
      const raw = await readBody(request, options.maxBodyBytes);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpError({ status: 400, message: 'Problems parsing JSON' });
        }
      }
      const delay = options.faults.delayMs();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const matched = isRest ? router.match(method, path) : undefined;
      if (matched) entry.template = matched.template;
      if (isRest && options.openapi) {
        operation = options.openapi().matchOperation(method, path);
        if (!operation) {
          options.violations.record({
            kind: 'request',
            method,
            path,
            reason: `${method} ${path} is not an operation of GitHub's REST API (GHES description)`,
          });
        } else {
          entry.template = operation.template;
          const reason = body === undefined ? null : options.openapi().checkRequestBody(operation, body);
          if (reason)
            options.violations.record({
              kind: 'request',
              method,
              path,
              template: operation.template,
              reason,
            });
        }
      }
      const fault = options.faults.decide({ method, path, template: entry.template, requestId });
      if (fault) {
        entry.fault = fault.label;
        result = { status: fault.status, body: fault.body, headers: fault.headers };
      } else {
        const auth = resolveAuth(ctx.store, { header: request.headers.authorization, nowMs: Date.now() });
        Object.assign(entry, authLabel(auth));
        if (isGraphQL) {
          if (method !== 'POST') throw new HttpError({ status: 404, message: 'Not Found' });
          if (auth.kind === 'none' || auth.kind === 'app') {
            throw new HttpError({ status: 401, message: 'This endpoint requires you to be authenticated.' });
          }
          const outcome = await executeGraphQL(ctx, { auth, body });
          if (outcome.operationName) entry.graphqlOperationName = outcome.operationName;
          if (outcome.invalid) {
            options.violations.record({
              kind: 'request',
              method,
              path,
              template: 'graphql',
              reason: `GraphQL query rejected by GitHub's schema: ${outcome.invalid}`,
            });
          }
          for (const field of outcome.unimplemented) {
            options.violations.record({
              kind: 'simulator',
              method,
              path,
              template: 'graphql',
              reason: `GraphQL field ${field} is not implemented by the simulator`,
            });
          }
          result = { status: outcome.status, body: outcome.body };
        } else if (isRest && path === '/rate_limit' && method === 'GET') {
          const rate = { limit: 5000, used: 0, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 };
          result = {
            status: 200,
            body: {
              resources: { core: rate, search: { ...rate, limit: 30, remaining: 30 }, graphql: rate },
              rate,
            },
          };
        } else if (!matched) {
          if (isRest && operation) {
            options.violations.record({
              kind: 'simulator',
              method,
              path,
              template: operation.template,
              reason: `${method} ${operation.template} exists on GitHub but the simulator does not implement it`,
            });
          }
          throw new HttpError({ status: 404, message: 'Not Found' });
        } else {
          const route = matched.value;
          if (route.auth === 'app' && auth.kind !== 'app') {
            throw new HttpError({ status: 401, message: 'A JSON web token could not be decoded' });
          }
          if (route.auth !== 'app' && route.auth !== 'none' && auth.kind === 'app') {
            throw new HttpError({
              status: 403,
              message:
                'Resource not accessible by integration: this endpoint needs an installation access token, not an app JWT',
            });
          }
          if ((route.auth === 'token' || route.auth === 'user') && auth.kind === 'none') {
            throw new HttpError({ status: 401, message: 'Requires authentication' });
          }
          if (route.auth === 'user' && auth.kind !== 'user') {
            throw new HttpError({ status: 403, message: 'Resource not accessible by integration' });
          }
          if (!permitted(auth, route)) {
            throw new HttpError({ status: 403, message: 'Resource not accessible by integration' });
          }
          result = await route.handle({
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
      }
    } catch (error) {
      if (error instanceof HttpError) {
        result = { status: error.status, body: error.body, headers: error.headers };
      } else {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        options.violations.record({
          kind: 'simulator',
          method,
          path,
          reason: `simulator crashed: ${message}`,
        });
        result = {
          status: 500,
          body: {
            message: 'Server Error',
            documentation_url: 'https://docs.github.com/enterprise-server@3.19/rest',
          },
        };
      }
    }
    send({ response, result, request, requestId, entry, operation, method, path });
  };

  const send = (options2: {
    response: ServerResponse;
    result: RouteResponse;
    request: IncomingMessage;
    requestId: string;
    entry: RequestLogEntry;
    operation: OperationRef | undefined;
    method: string;
    path: string;
  }) => {
    const { response, result, request, entry } = options2;
    const headers: Record<string, string> = {
      'x-github-request-id': options2.requestId,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-enterprise-version': '3.19.0',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': entry.api === 'graphql' ? 'graphql' : 'core',
      ...result.headers,
    };
    let text = '';
    if (result.text !== undefined) {
      text = result.text;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else if (result.body !== undefined && result.status !== 204) {
      text = JSON.stringify(result.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    let status = result.status;
    if (entry.method === 'GET' && status === 200) {
      const etag = etagOf(text);
      headers.etag = etag;
      headers['cache-control'] = 'private, max-age=60, s-maxage=60';
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
      if (etagMatches(request.headers['if-none-match'], etag)) {
        status = 304;
        text = '';
        delete headers['content-type'];
      }
    }
    if (
      options.openapi &&
      options2.operation &&
      status >= 200 &&
      status < 300 &&
      result.text === undefined &&
      entry.fault === undefined
    ) {
      const reason = options.openapi().checkResponseBody(options2.operation, {
        status,
        body: status === 304 || status === 204 ? undefined : result.body,
      });
      if (reason && !(status === 304)) {
        options.violations.record({
          kind: 'simulator',
          method: options2.method,
          path: options2.path,
          template: options2.operation.template,
          reason,
        });
      }
    }
    entry.status = status;
    entry.endedAt = options.clock();
    entry.durationMs = entry.endedAt - entry.startedAt;
    options.requestLog.push(entry);
    response.writeHead(status, headers);
    response.end(text);
  };

  const server: Server = createServer((request, response) => {
    inflight++;
    handle(request, response)
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ message: String(error) }));
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
  server.keepAliveTimeout = 1000;

  return {
    server,
    inflight: () => inflight,
    whenIdle: (): Promise<void> =>
      inflight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
  };
};
