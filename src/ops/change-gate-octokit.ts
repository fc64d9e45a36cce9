import { ProbotOctokit } from 'probot';
import { createKeyedLock } from '../app/create-keyed-lock.ts';
import type { SharedRedis } from '../app/shared-redis.ts';
import { createRedisRequestSpacing } from '../redis/redis-request-spacing.ts';
import type { KeyedLock } from '../use-cases/keyed-lock.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import type { AppMetrics } from './app-metrics.ts';
import { createsSomething } from './creates-something.ts';
import { graphqlCreatesContent } from './graphql-creates-content.ts';
import { isReadOnlyGraphql } from './read-only-graphql.ts';
import { createLocalSpacing, type RequestSpacing } from './request-spacing.ts';
import { type AppAuth, reuseEventClients } from './reuse-event-clients.ts';
import { spacedThrottleGroups, type ThrottleGroup } from './throttle-groups.ts';
import { DEFAULT_RATE_LIMIT_POLICY, type RateLimitPolicy, throttleHandlers } from './throttle-handlers.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;
type RequestOptions = Record<string, unknown> & {
  method: string;
  url: string;
  request?: Record<string, unknown>;
};
type Request = (options: RequestOptions) => Promise<{ status: number; headers: Record<string, unknown> }>;

/** Marks the sibling client that sends read-only GraphQL without the write pacing. */
const READS = 'changeGateReadOnlyGraphqlClient';

/** Token creation and the like: plugin-throttling's `auth` group, never paced as writes. */
const AUTH_PATHS = [
  /^\/applications\/[^/]+\/token(\/scoped)?$/,
  /^\/app\/installations\/[^/]+\/access_tokens$/,
];

/** A request the throttle paces as a write (its `write` group): anything but GET and HEAD, auth aside. */
const isPacedWrite = (options: RequestOptions): boolean =>
  options.method !== 'GET' &&
  options.method !== 'HEAD' &&
  !isReadOnlyGraphql(options) &&
  !AUTH_PATHS.some((path) => path.test(routeOf(options)));

/** Route template as Octokit was asked (`/repos/{owner}/{repo}/check-runs`): bounded label values. */
const routeOf = (options: RequestOptions): string => {
  const url = options.url.replace(/\?.*$/, '');
  const path = url.startsWith('http') ? new URL(url).pathname : url;
  // GHES serves GraphQL at /api/graphql (Octokit asks for the full URL there): one label for both.
  return path === '/api/graphql' ? '/graphql' : path;
};

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
};

const recordAnswer = (options: {
  metrics: AppMetrics;
  request: RequestOptions;
  status: number;
  headers: Record<string, unknown> | undefined;
  seconds: number;
}): void => {
  const { metrics, request, status, headers, seconds } = options;
  const labels = { method: request.method, route: routeOf(request) };
  metrics.githubRequests.inc({ ...labels, status: String(status) });
  metrics.githubRequestSeconds.observe(labels, seconds);
  const remaining = Number(header(headers, 'x-ratelimit-remaining'));
  if (Number.isFinite(remaining)) {
    metrics.rateLimitRemaining.set(
      { resource: header(headers, 'x-ratelimit-resource') ?? 'core' },
      remaining,
    );
  }
};

/**
 * The plugin: metrics of every request; read-only GraphQL queries through a sibling client whose throttle has
 * no write group (@octokit/plugin-throttling sends every `POST /graphql` through the write limiter, spaced a
 * second apart, so a webhook's first write waited for its own read); creating POSTs not retried blindly;
 * one write at a time per installation in this process (`writes`, keyed by the throttle id), as GitHub asks
 * ("make requests serially instead of concurrently"): the write group lets a quiet installation's first
 * writes go at once, and the plugin's own groups only space the starts of requests, never their ends.
 */
const changeGatePlugin =
  (metrics: AppMetrics, writes: SerialWrites) =>
  (octokit: Octokit, octokitOptions: Record<string, unknown>) => {
    let reads: Octokit | undefined;
    const readsClient = (): Octokit => {
      const throttle = (octokitOptions.throttle ?? {}) as Record<string, unknown>;
      const Client = octokit.constructor as new (options: Record<string, unknown>) => Octokit;
      reads ??= new Client({
        ...octokitOptions,
        [READS]: true,
        throttle: throttle.enabled === false ? throttle : { ...throttle, write: NO_PACING },
      });
      return reads;
    };
    const wrap = octokit.hook.wrap.bind(octokit.hook) as unknown as (
      name: 'request',
      hook: (request: Request, options: RequestOptions) => Promise<unknown>,
    ) => void;
    wrap('request', async (request, options) => {
      if (octokitOptions[READS] !== true && isReadOnlyGraphql(options)) {
        // The sibling's own hooks (auth, retry, throttle without write pacing, this plugin) handle it.
        const { hook: _hook, ...requestOptions } = options.request ?? {};
        return readsClient().request({ ...options, request: requestOptions } as never);
      }
      // Not resent blindly by plugin-retry: the event's retry (event-retry.ts) re-reads first.
      if (createsSomething(options)) options.request = { ...options.request, retries: 0 };
      const throttle = (octokitOptions.throttle ?? {}) as Record<string, unknown>;
      if (throttle.enabled !== false && isPacedWrite(options)) {
        const id = String(throttle.id ?? 'no-id');
        // A GraphQL document that posts a comment is paced as REST's comment is (the plugin goes by URL).
        const content = throttle.notifications as ThrottleGroup | undefined;
        if (content && graphqlCreatesContent(options))
          await content.key(id).schedule({}, async () => undefined);
        return writes(id, () => measured(request, options));
      }
      return measured(request, options);
    });
    const measured = async (request: Request, options: RequestOptions) => {
      const started = performance.now();
      try {
        const response = await request(options);
        recordAnswer({
          metrics,
          request: options,
          status: response.status,
          headers: response.headers,
          seconds: (performance.now() - started) / 1000,
        });
        return response;
      } catch (error) {
        const failure = error as { status?: number; response?: { headers?: Record<string, unknown> } };
        recordAnswer({
          metrics,
          request: options,
          status: failure.response ? (failure.status ?? 0) : 0,
          headers: failure.response?.headers,
          seconds: (performance.now() - started) / 1000,
        });
        throw error;
      }
    };
    // Probot's app-level client (the app's id, no installation): the one webhooks' clients are asked of.
    const auth = octokitOptions.auth as { appId?: unknown; installationId?: unknown } | undefined;
    if (auth?.appId === undefined || auth.installationId !== undefined) return {};
    return { auth: reuseEventClients(octokit.auth as AppAuth, { max: EVENT_CLIENTS }) };
  };

/**
 * Installations whose webhook client is kept for their next webhooks (reuseEventClients): about 14 KB of heap
 * each (28 with the sibling for read-only GraphQL), so at most about 6 MB; an installation quiet for longer than
 * 200 others are busy builds its client again, as Probot did for every webhook.
 */
const EVENT_CLIENTS = 200;

/** Sends `write` after the previous write of `key` ended, or had held the others back for long enough. */
type SerialWrites = <T>(key: string, write: () => Promise<T>) => Promise<T>;

/**
 * One write at a time per key (the installation), in this process. A write GitHub does not answer holds the
 * others back for `holdMs` at most (Node's fetch gives up on it only after 5 minutes): then the next one goes.
 */
const serialWrites = (holdMs: number): SerialWrites => {
  const lock: KeyedLock = createKeyedLock();
  return (key, write) => {
    let sent: ReturnType<typeof write> | undefined;
    const turn = lock.run(key, () => {
      sent = write();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, holdMs);
        timer.unref?.();
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        sent?.then(done, done);
      });
    });
    return turn.then(() => sent as ReturnType<typeof write>);
  };
};

/** A Bottleneck group stand-in for the throttle's `write` option: no pacing (GraphQL reads are reads). */
const NO_PACING = {
  key: () => ({ schedule: (_options: unknown, job: () => Promise<unknown>) => job() }),
};

/**
 * The throttle id: the installation's, as Probot gives `app.auth(id)`'s clients. Probot's event clients keep
 * plugin-throttling's `no-id`, which spaced every installation's writes one second apart together; GitHub
 * counts secondary limits per installation token, so each installation gets its own spacing.
 */
const throttleIdOf = (options: Record<string, unknown>, throttle: Record<string, unknown>): unknown => {
  if (throttle.id !== undefined && throttle.id !== 'no-id') return throttle.id;
  const installationId = (options.auth as { installationId?: unknown } | undefined)?.installationId;
  return installationId === undefined || installationId === null ? throttle.id : String(installationId);
};

/**
 * The app's Octokit: Probot's (auth, throttling, retries, pagination, config) with the plugin above, throttle
 * handlers that retry rate limits a bounded number of times, and the throttle's spaced groups (writes,
 * searches, notifying writes) on the app's own spacing: shared by the replicas through `redis` (the
 * process's `REDIS_URL` connection), each process spacing its own requests while Redis is down. Probot is
 * not given `REDIS_URL` (src/main.ts): its Bottleneck-on-Redis throttle has no fallback.
 */
export const createChangeGateOctokit = (options: {
  metrics: AppMetrics;
  rateLimits?: RateLimitPolicy;
  redis?: SharedRedis;
  /** How long a write GitHub does not answer holds the installation's next write back; default 10 s. */
  writeHoldMs?: number;
  /** The pacing's buckets (tests: buckets on a clock they hold still); default this process's, on `redis`. */
  spacing?: RequestSpacing;
  /** What GitHub's pacing is multiplied by (`CHANGE_GATE_PACING_FACTOR`: pacingFactor); default 1. */
  pacingFactor?: number;
}) => {
  const handlers = throttleHandlers({
    policy: options.rateLimits ?? DEFAULT_RATE_LIMIT_POLICY,
    metrics: options.metrics,
  });
  const writes = serialWrites(options.writeHoldMs ?? 10_000);
  let groups: ReturnType<typeof spacedThrottleGroups> | undefined;
  const groupsFor = (log: Pick<UseCaseLog, 'info' | 'warn'>) => {
    if (groups) return groups;
    const shared = (): RequestSpacing => {
      const local = createLocalSpacing();
      const redis = options.redis?.connect(log);
      return redis ? createRedisRequestSpacing({ redis, fallback: local }) : local;
    };
    groups = spacedThrottleGroups({
      spacing: options.spacing ?? shared(),
      factor: options.pacingFactor ?? 1,
    });
    return groups;
  };
  return ProbotOctokit.plugin(changeGatePlugin(options.metrics, writes) as never).defaults(
    (instanceOptions: Record<string, unknown>) => {
      const throttle = (instanceOptions.throttle ?? {}) as Record<string, unknown>;
      if (throttle.enabled === false) return instanceOptions;
      const log = (instanceOptions.log ?? console) as Pick<UseCaseLog, 'info' | 'warn'>;
      // An instance's own groups win (the read-only GraphQL sibling's unpaced `write`).
      return {
        ...instanceOptions,
        throttle: {
          ...groupsFor(log),
          ...throttle,
          ...handlers,
          id: throttleIdOf(instanceOptions, throttle),
        },
      };
    },
  );
};
