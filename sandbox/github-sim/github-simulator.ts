import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { getOpenApiValidator } from './fidelity/openapi-validator.ts';
import { createViolationLog, type Violation } from './fidelity/violations.ts';
import { createSimServer } from './http/create-server.ts';
import { createFaultInjector, type FaultRule, type LatencyOptions } from './instruments/faults.ts';
import {
  createRequestLog,
  type LogMark,
  type RequestLogEntry,
  sequentialRoundTrips,
} from './instruments/request-log.ts';
import { createReadApi } from './read-api.ts';
import { allRoutes } from './routes/index.ts';
import { createSeedApi } from './seed-api.ts';
import type { SimContext, Urls } from './sim-context.ts';
import { createClock } from './state/clock.ts';
import { createStore } from './state/store.ts';
import { createUserActions, type UserActions } from './user-actions.ts';
import { createWebhookDispatcher, type Delivery } from './webhooks/webhook-dispatcher.ts';

export interface GitHubSimulatorOptions {
  /** Check every REST request (and the simulator's own answers and webhooks) against GitHub's OpenAPI description. */
  openapi?: boolean;
  /** The simulated "now" for timestamps (auth always uses the wall clock). */
  now?: () => Date | number;
  /** Seed for fault injection and latency. */
  seed?: number;
  latency?: LatencyOptions;
  faults?: FaultRule[];
  /** `serial` (default): one delivery at a time, in order. `concurrent`: as fast as they come, like GitHub. */
  deliveryMode?: 'serial' | 'concurrent';
  /** Deliver webhooks caused by apps' own API calls (GitHub does). Default true. */
  deliverAppTriggeredEvents?: boolean;
  deliveryTimeoutMs?: number;
  /** A `settle()` that sees more deliveries than this throws: an app is reacting to its own events forever. */
  maxDeliveriesPerSettle?: number;
  port?: number;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * A stateful, in-memory GitHub on 127.0.0.1 in GitHub Enterprise Server's layout: REST at
 * `/api/v3`, GraphQL at `/api/graphql`. Probot and Octokit run against it unchanged.
 */
export const createGitHubSimulator = (options: GitHubSimulatorOptions = {}) => {
  const urls: Urls = {
    web: 'http://127.0.0.1:0',
    api: 'http://127.0.0.1:0/api/v3',
    graphql: 'http://127.0.0.1:0/api/graphql',
  };
  const store = createStore(createClock(options.now));
  const violations = createViolationLog();
  const requestLog = createRequestLog(now);
  const faults = createFaultInjector({
    seed: options.seed ?? 1,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.latency ? { latency: options.latency } : {}),
  });
  const openapi = options.openapi ? getOpenApiValidator : null;
  const dispatcher = createWebhookDispatcher({
    ctx: () => ctx,
    mode: options.deliveryMode ?? 'serial',
    deliverAppTriggered: options.deliverAppTriggeredEvents ?? true,
    timeoutMs: options.deliveryTimeoutMs ?? 30_000,
    clock: now,
    ...(openapi
      ? {
          checkPayload: (o: { event: string; action?: string; payload: unknown }) => {
            const reason = openapi().checkWebhook(o);
            if (reason)
              violations.record({
                kind: 'simulator',
                method: 'WEBHOOK',
                path: [o.event, o.action].filter(Boolean).join('.'),
                reason,
              });
          },
        }
      : {}),
  });
  const ctx: SimContext = { store, urls, emit: (event) => dispatcher.emit(event), outages: { teams: false } };
  const { server, inflight, whenIdle } = createSimServer({
    ctx: () => ctx,
    routes: allRoutes,
    requestLog,
    faults,
    violations,
    openapi,
    clock: now,
    maxBodyBytes: 25 * 1024 * 1024,
  });

  const maxDeliveries = options.maxDeliveriesPerSettle ?? 500;
  /** Resolves when no delivery is pending and no request is being served (twice in a row, a tick apart). */
  const settle = async (): Promise<void> => {
    const start = dispatcher.deliveries.length;
    for (;;) {
      await dispatcher.whenDrained();
      await whenIdle();
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (dispatcher.pendingCount() === 0 && inflight() === 0) return;
      if (dispatcher.deliveries.length - start > maxDeliveries) {
        throw new Error(
          `github-sim: more than ${maxDeliveries} webhook deliveries without quiescing; an app is probably reacting to its own events`,
        );
      }
    }
  };

  const seed = createSeedApi(() => ctx);
  const read = createReadApi(() => ctx);

  return {
    ...seed,
    read,
    get url() {
      return urls.web;
    },
    get apiUrl() {
      return urls.api;
    },
    get graphqlUrl() {
      return urls.graphql;
    },
    /** `127.0.0.1:PORT`, the value of Probot's `GHE_HOST`. */
    get host() {
      return new URL(urls.web).host;
    },

    async start(): Promise<void> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      urls.web = `http://127.0.0.1:${port}`;
      urls.api = `${urls.web}/api/v3`;
      urls.graphql = `${urls.web}/api/graphql`;
    },

    async stop(): Promise<void> {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },

    /** Acts as a seeded user: every method delivers its webhooks and waits until apps are done. */
    as(login: string): UserActions {
      return createUserActions({ ctx: () => ctx, login, settle });
    },

    settle,

    // --- webhooks
    get deliveries(): readonly Delivery[] {
      return dispatcher.deliveries;
    },
    /** Webhooks lost while `dropWebhooks(true)` was on (never sent). */
    get droppedDeliveries(): readonly Delivery[] {
      return dispatcher.dropped;
    },
    /** Loses every webhook from now until `dropWebhooks(false)`, as a missed delivery on GitHub. */
    dropWebhooks(on: boolean): void {
      dispatcher.setDropping(on);
    },
    /** Redelivers a past delivery (same id and body), to `url` when given, and waits until the apps are done. */
    async redeliver(deliveryId: string, options: { url?: string } = {}): Promise<Delivery> {
      const delivery = await dispatcher.redeliver(deliveryId, options);
      await settle();
      return delivery;
    },
    /**
     * Delivers the app's webhooks to `urls` in turn, as a round-robin load balancer in front of replicas
     * would (the app's webhook URL must be set); an empty list sends them to its webhook URL again.
     */
    spreadWebhooks(options: { app: number; urls: string[] }): void {
      dispatcher.spreadWebhooks(options.app, options.urls);
    },
    /** Throws when an app answered a delivery with anything but 2xx (or did not answer). */
    assertDeliveriesSucceeded(): void {
      const failed = dispatcher.deliveries.filter(
        (d) => d.done && (d.status === null || d.status < 200 || d.status >= 300),
      );
      if (failed.length === 0) return;
      throw new Error(
        `${failed.length} webhook delivery(ies) failed:\n${failed
          .map(
            (d) =>
              `  ${d.event}.${d.action ?? ''} ${d.id} → ${d.status ?? d.error} ${d.response.slice(0, 300)}`,
          )
          .join('\n')}`,
      );
    },

    // --- fidelity
    get violations(): readonly Violation[] {
      return violations.list;
    },
    assertNoViolations: () => violations.assertNone(),
    clearViolations: () => violations.clear(),

    // --- instruments
    get requestLog(): readonly RequestLogEntry[] {
      return requestLog.entries;
    },
    mark: (): LogMark => requestLog.mark(),
    requestsSince: (from: LogMark, filter?: (entry: RequestLogEntry) => boolean) =>
      requestLog.between({ from, ...(filter ? { filter } : {}) }),
    requestsBetween: (o: { from: LogMark; to: LogMark; filter?: (entry: RequestLogEntry) => boolean }) =>
      requestLog.between(o),
    /** Requests made while the app handled one delivery. */
    requestsDuring: (delivery: Delivery, filter?: (entry: RequestLogEntry) => boolean) =>
      requestLog.during(delivery, filter),
    sequentialRoundTrips,
    clearRequestLog: () => requestLog.clear(),
    faults: { add: faults.add, clear: faults.clear },
    setLatency: (latency: LatencyOptions | undefined) => faults.setLatency(latency),
    /**
     * While on, every team read fails: REST team routes answer 502, and GraphQL's `organization.team` is an
     * error in the answer (the rest of the query still answers).
     */
    setTeamOutage: (on: boolean) => {
      if (ctx.outages) ctx.outages.teams = on;
    },
  };
};

export type GitHubSimulator = ReturnType<typeof createGitHubSimulator>;
