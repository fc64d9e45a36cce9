import { ProbotOctokit } from 'probot';
import type { AppMetrics } from './app-metrics.ts';
import { isReadOnlyGraphql } from './read-only-graphql.ts';
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

/**
 * POSTs that create something (a comment, a check run, a deployment…) are not sent again by @octokit/plugin-retry
 * after a 5xx or a lost connection: GitHub may have written before it failed ("502 after the write"), and a
 * second POST would write twice. The handler's own retry re-reads first, and writes only what is still missing.
 * Adding labels is the one POST that is the same twice.
 */
const SAFE_POSTS = [/^\/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels$/];
const createsSomething = (options: RequestOptions): boolean =>
  options.method === 'POST' &&
  !isReadOnlyGraphql(options) &&
  !SAFE_POSTS.some((safe) => safe.test(options.url));

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
 * second apart, so a webhook's first write waited for its own read); creating POSTs not retried blindly.
 */
const changeGatePlugin =
  (metrics: AppMetrics) => (octokit: Octokit, octokitOptions: Record<string, unknown>) => {
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
      if (createsSomething(options)) options.request = { ...options.request, retries: 0 };
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
    });
    return {};
  };

/** A Bottleneck group stand-in for the throttle's `write` option: no pacing (GraphQL reads are reads). */
const NO_PACING = {
  key: () => ({ schedule: (_options: unknown, job: () => Promise<unknown>) => job() }),
};

/**
 * The app's Octokit: Probot's (auth, throttling, retries, pagination, config) with the plugin above and
 * throttle handlers that retry rate limits a bounded number of times. Probot's own throttle options (its Redis
 * connection when `REDIS_URL` is set) are kept: only the handlers are replaced.
 */
export const createChangeGateOctokit = (options: { metrics: AppMetrics; rateLimits?: RateLimitPolicy }) => {
  const handlers = throttleHandlers({
    policy: options.rateLimits ?? DEFAULT_RATE_LIMIT_POLICY,
    metrics: options.metrics,
  });
  return ProbotOctokit.plugin(changeGatePlugin(options.metrics) as never).defaults(
    (instanceOptions: Record<string, unknown>) => {
      const throttle = (instanceOptions.throttle ?? {}) as Record<string, unknown>;
      return { ...instanceOptions, throttle: { ...throttle, ...handlers } };
    },
  );
};
