import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppMetrics } from './app-metrics.ts';
import { type ReadinessCheck, readinessOf } from './readiness-check.ts';

/**
 * The operations endpoints on Probot's server (a handler for `addHandler`): `/metrics` (Prometheus text
 * format), `/healthz` (the process answers) and `/readyz` (every readiness check passes; 503 with the failing
 * ones otherwise). Anything else is left to the next handler.
 */
export const opsRoutes =
  (options: { metrics: AppMetrics; readiness: readonly ReadinessCheck[] }) =>
  async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const path = new URL(request.url ?? '/', 'http://app.invalid').pathname;
    if (path === '/metrics') {
      const body = await options.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      response.end(body);
      return true;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok' }));
      return true;
    }
    if (path === '/readyz') {
      const readiness = await readinessOf(options.readiness);
      response.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(readiness));
      return true;
    }
    return false;
  };
