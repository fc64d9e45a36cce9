import type { Probot } from 'probot';
import { createAppDeps } from './app/app-deps.ts';
import { createApi } from './app/create-api.ts';
import { type SharedRedis, sharedRedis } from './app/shared-redis.ts';
import { registerCheckRunHandlers } from './handlers/check-run.ts';
import { registerDeploymentCreatedHandler } from './handlers/deployment-created.ts';
import { registerDeploymentProtectionRuleHandlers } from './handlers/deployment-protection-rule.ts';
import { registerDeploymentStatusHandlers } from './handlers/deployment-status.ts';
import { registerHandedBackSchedule } from './handlers/handed-back-schedule.ts';
import { registerHealSchedule } from './handlers/heal-schedule.ts';
import { registerInstallationHandlers } from './handlers/installation.ts';
import { registerIssueCommentHandlers } from './handlers/issue-comment.ts';
import { registerIssueHandlers } from './handlers/issues.ts';
import { oncePerDelivery } from './handlers/once-per-delivery.ts';
import { registerPullRequestHandlers } from './handlers/pull-request.ts';
import { registerPullRequestReviewHandlers } from './handlers/pull-request-review.ts';
import { registerStatusHandlers } from './handlers/status.ts';
import { registerSweepSchedule } from './handlers/sweep-schedule.ts';
import { type AppMetrics, createAppMetrics } from './ops/app-metrics.ts';
import { type EventRetryPolicy, parseEventRetry } from './ops/event-retry.ts';
import type { HandlersInFlight } from './ops/handlers-in-flight.ts';
import { instrumentApp } from './ops/instrument-app.ts';
import { opsRoutes } from './ops/ops-routes.ts';
import { everyDelivery } from './use-cases/delivery-claims.ts';

/** What Probot passes the app function (`addHandler`), and what `src/main.ts` adds. */
export interface ChangeGateOptions {
  /** Probot's server's `addHandler`; it throws when Probot runs without a server (tests). */
  addHandler?: (
    handler: Parameters<typeof opsRoutes>[0] extends never ? never : ReturnType<typeof opsRoutes>,
  ) => void;
  /** Shared with the app's Octokit (src/main.ts), so GitHub calls land in the same registry. */
  metrics?: AppMetrics;
  /**
   * How a webhook that failed on a transient GitHub error is handled again; `delaysMs: []` = never. Default:
   * `CHANGE_GATE_EVENT_RETRY` (src/ops/event-retry.ts).
   */
  eventRetry?: EventRetryPolicy;
  /** The process's Redis connection, shared with the app's Octokit's throttle (src/main.ts). */
  redis?: SharedRedis;
  /** Where the handlers running are counted, for a graceful stop (src/main.ts). */
  inFlight?: HandlersInFlight;
}

/**
 * The Probot app: wires handlers to their events (counted, logged with the delivery id, retried after a
 * transient GitHub failure), the sweep to its schedule, and `/metrics`, `/healthz`, `/readyz` and the REST API
 * (`/api/v1/change-management`, src/api) to the server.
 */
export default (probot: Probot, options: ChangeGateOptions = {}): void => {
  const metrics = options.metrics ?? createAppMetrics();
  // One Redis connection (with REDIS_URL) for the replicas' locks and claims and the REST API's rate limit.
  const redis = options.redis ?? sharedRedis(process.env, { metrics });
  const deps = createAppDeps(probot, { metrics, redis, inFlight: options.inFlight });
  // A stopping process sends the notifications its handlers queued before it exits, or hands back those still
  // waiting to be tried again when its time runs out (src/main.ts).
  if (deps.notifications) options.inFlight?.alsoWaitFor(deps.notifications);
  const retry = options.eventRetry ?? parseEventRetry(process.env.CHANGE_GATE_EVENT_RETRY);
  const app = instrumentApp(probot, {
    metrics,
    retry,
    ...(options.inFlight ? { inFlight: options.inFlight } : {}),
  });
  // Built before the try: a setting it cannot read (CHANGE_GATE_API_RATE_LIMIT, …) stops the app at start.
  const api = createApi(probot, deps, { redis });
  try {
    options.addHandler?.(opsRoutes({ metrics, readiness: deps.readiness }));
    options.addHandler?.(api);
  } catch (error) {
    // Probot without a server (a test's `new Probot()` + `load`): nothing to serve the endpoints on.
    probot.log.debug(`no server for /metrics, /healthz, /readyz and the REST API: ${String(error)}`);
  }
  // Each webhook delivery is handled by one replica (with REDIS_URL; by this process otherwise). Inside the
  // instrumentation: a retried handler claims again (its failed attempt gave the claim back).
  const handlers = oncePerDelivery(app, deps.deliveries ?? everyDelivery);
  registerPullRequestHandlers(handlers, deps);
  registerIssueHandlers(handlers, deps);
  registerCheckRunHandlers(handlers, deps);
  registerPullRequestReviewHandlers(handlers, deps);
  registerIssueCommentHandlers(handlers, deps);
  registerStatusHandlers(handlers, deps);
  registerDeploymentProtectionRuleHandlers(handlers, deps);
  registerDeploymentCreatedHandler(handlers, deps);
  registerDeploymentStatusHandlers(handlers, deps);
  registerInstallationHandlers(handlers);
  registerSweepSchedule(app, deps);
  registerHealSchedule(app, deps);
  registerHandedBackSchedule(app, deps);
};
