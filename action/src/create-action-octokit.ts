import { Octokit } from '@octokit/core';
import { type ThrottlingOptions, throttling as throttlingPlugin } from '@octokit/plugin-throttling';
import { socketCode } from '../../src/github/octokit/to-github-error.ts';
import { createsSomething } from '../../src/ops/creates-something.ts';
import { createLocalSpacing, type RequestSpacing } from '../../src/ops/request-spacing.ts';
import { spacedThrottleGroups } from '../../src/ops/throttle-groups.ts';
import { createNodeHttpFetch, type HttpFetch } from './node-http-fetch.ts';
import { resendTransient } from './resend-transient.ts';
import { concurrencyGroup, immediateRetryLimiter } from './throttle-limiters.ts';

/** GitHub kept failing, or asked for a longer wait than the action takes: the gate refuses with this message. */
export class GitHubUnavailableError extends Error {
  override name = 'GitHubUnavailableError';
  /**
   * Whether trying again later in this run may pass: the tries ran out (true), or GitHub asked for a wait
   * longer than the action takes (false: only a later run can pass).
   */
  readonly mayPassLater: boolean;

  constructor(message: string, options: { mayPassLater: boolean }) {
    super(message);
    this.mayPassLater = options.mayPassLater;
  }
}

export interface RetryOptions {
  /** Waits before each retry of a 5xx or a network error; its length is the number of retries. */
  delaysMs: number[];
  /** Retries of a request GitHub rate-limited (the primary limit or a secondary one). */
  rateLimitRetries: number;
  /** Longest wait GitHub may ask for (`retry-after`, the primary limit's reset); a longer one fails at once. */
  maxRetryAfterMs: number;
  /** Every wait goes through here, so that tests record waits instead of sleeping them. */
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_RETRY: Omit<RetryOptions, 'sleep'> = {
  delaysMs: [1000, 3000, 9000],
  rateLimitRetries: 2,
  maxRetryAfterMs: 60_000,
};

/**
 * Only answers that may change on a second try are retried: 5xx, 429 and network errors (which Octokit
 * reports as 500). Every other 4xx (401, 403, 404, 422…) would come back the same.
 */
const NOT_RETRIED = Array.from({ length: 100 }, (_, index) => 400 + index).filter((status) => status !== 429);

/** Numbers the clients: the throttle paces writes per id, and each client is its own run. */
let clientCount = 0;

interface HttpFailure {
  status?: number;
  message?: string;
  request?: unknown;
  cause?: unknown;
  response?: { headers?: Record<string, string | number | undefined> };
}

interface RateLimitRefusal {
  limit: 'primary' | 'secondary';
  waitMs: number;
  retries: number;
}

interface RequestOptions {
  method?: string;
  url?: string;
  baseUrl?: string;
}

/**
 * The action's GitHub client. @octokit/plugin-throttling waits out rate limits (a secondary limit's
 * `retry-after`, the primary limit's `x-ratelimit-reset`) a bounded number of times and never longer than
 * `maxRetryAfterMs`; resendTransient (in place of @octokit/plugin-retry, with its rules) sends 5xx and
 * network failures again, but never a request that creates something (noBlindRepeat). Writes, searches and
 * notifying writes are paced by the app's own throttle groups (src/ops/throttle-groups.ts) on `spacing`
 * (default: this process's), not by the plugin's Bottleneck groups: the action's few writes get the same
 * allowance as the app's. The retry waits themselves go through `retry.sleep`, decided by failClosed; the
 * throttling plugin is told to wait 0 ms (its own timers cannot be injected). When the tries run out the
 * request fails closed with a GitHubUnavailableError naming it; other errors (404, 422, a plain 403…) are
 * thrown as Octokit threw them, at once. Requests go over node:http(s) (node-http-fetch.ts), and no limiter
 * on the way waits on a timer when there is nothing to wait for (throttle-limiters.ts, resend-transient.ts).
 */
export function createActionOctokit<Base extends typeof Octokit = typeof Octokit>(options: {
  token: string;
  baseUrl: string;
  retry: RetryOptions;
  /**
   * The client class the plugins are added to: @octokit/core's (request and graphql: what the deploy port
   * uses, and all action/dist/index.js holds), or @octokit/rest's for the sweep and the report (its
   * generated REST methods, about 80 KB and 4 ms to set up, and pagination).
   */
  Octokit?: Base;
  /** Where the paced requests book their start; default: this process's own slots. */
  spacing?: RequestSpacing;
  /** How requests are sent; default: over node:http(s) (node-http-fetch.ts), not Node's slower-to-start fetch. */
  fetch?: HttpFetch;
}) {
  const policy = options.retry;
  // The plugin only calls `key(id).schedule(...)` on a group: the type asks for a whole Bottleneck group.
  const groups = spacedThrottleGroups({
    spacing: options.spacing ?? createLocalSpacing(),
  }) as unknown as Pick<ThrottlingOptions, 'write' | 'search' | 'notifications'>;
  const refusals = new WeakMap<object, RateLimitRefusal>();
  const onLimit =
    (limit: RateLimitRefusal['limit']) =>
    async (retryAfterSeconds: number, request: object, _octokit: unknown, retryCount: number) => {
      const waitMs = retryAfterSeconds * 1000;
      if (retryCount < policy.rateLimitRetries && waitMs <= policy.maxRetryAfterMs) {
        await policy.sleep(waitMs);
        return true;
      }
      // Read by failClosed, which turns the 403/429 that follows into the refusal's message.
      refusals.set(request, { limit, waitMs, retries: retryCount });
      return false;
    };
  // Plugins wrap in order, the first innermost: failClosed sees each try of resendTransient's (it decides the
  // wait before the next one) and what the throttling plugin gave up on.
  const ActionOctokit = (options.Octokit ?? (Octokit as Base)).plugin(
    throttlingPlugin,
    failClosed({ policy, refusals }),
    resendTransient({ retries: policy.delaysMs.length, doNotRetry: NOT_RETRIED }),
    noBlindRepeat,
  );
  // The plugin's Bottleneck limiters without Bottleneck's timer ticks (throttle-limiters.ts): 10 requests at
  // once (1 for app authentication) and the retry of a rate-limited request. The plugin takes them from its
  // options (`Object.assign(state, options.throttle)`, then `state.global ?? …`); its types do not list them.
  const timerFreeLimiters: object = {
    global: concurrencyGroup(10),
    auth: concurrencyGroup(1),
    retryLimiter: immediateRetryLimiter({ sleep: policy.sleep }),
  };
  return new ActionOctokit({
    auth: options.token,
    // GITHUB_API_URL: GHES and the simulator work.
    baseUrl: options.baseUrl,
    userAgent: 'change-gate-action',
    // Octokit's fetch wrapper calls only what HttpFetch has (node-http-fetch.ts).
    request: { fetch: (options.fetch ?? createNodeHttpFetch()) as unknown as typeof fetch },
    // Failed requests are reported once, by the gate, with what they mean (an absent config is a 404 too).
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    throttle: {
      ...groups,
      ...timerFreeLimiters,
      id: `change-gate-action-${++clientCount}`,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: 0,
    },
  });
}

/**
 * A request that creates something (a deployment, its status, a comment, a check run, an issue: the rule the
 * app's client follows, src/ops/creates-something.ts) is not sent again by resendTransient: after a 5xx or a lost
 * answer GitHub may have created it ("502 after the write"). Its caller re-reads first and writes only what is
 * missing: retry-safe-deploy-writes.ts for the gate's deployments, the sweep's retry of the change (sweep.ts).
 */
function noBlindRepeat(octokit: Pick<Octokit, 'hook'>): void {
  octokit.hook.wrap('request', (request, endpoint) => {
    if (createsSomething(endpoint)) {
      endpoint.request = { ...endpoint.request, retries: 0 } as typeof endpoint.request;
    }
    return request(endpoint);
  });
}

function failClosed(options: { policy: RetryOptions; refusals: WeakMap<object, RateLimitRefusal> }) {
  const { policy, refusals } = options;
  return (octokit: Pick<Octokit, 'hook'>): void => {
    // Every try of one request passes the same options object: it keys the count of tries.
    const tries = new WeakMap<object, number>();
    octokit.hook.wrap('request', async (request, endpoint) => {
      const attempt = (tries.get(endpoint) ?? 0) + 1;
      tries.set(endpoint, attempt);
      try {
        return await request(endpoint);
      } catch (error) {
        const failure = error as HttpFailure;
        const label = requestLabel(endpoint as unknown as Record<string, unknown>);
        const refusal = refusals.get(endpoint);
        if (refusal) {
          refusals.delete(endpoint);
          throw new GitHubUnavailableError(
            `${label} ${describeRefusal({ refusal, failure, policy, endpoint })}`,
            { mayPassLater: refusal.waitMs <= policy.maxRetryAfterMs },
          );
        }
        // Not Octokit's RequestError (resendTransient would not send it again), an answer that would not change,
        // or a request not to be sent again (noBlindRepeat): its caller decides.
        if (failure.request === undefined || !isTransient(failure)) throw error;
        if ((endpoint.request as { retries?: number } | undefined)?.retries === 0) throw error;
        const wait = waitBeforeRetry({ failure, attempt, policy, endpoint });
        if (typeof wait === 'string') {
          throw new GitHubUnavailableError(`${label} ${wait}`, {
            mayPassLater: attempt > policy.delaysMs.length,
          });
        }
        await policy.sleep(wait);
        // resendTransient sends it again, at once: the wait is over.
        throw error;
      }
    });
  };
}

function isTransient(failure: HttpFailure): boolean {
  const status = failure.status;
  return status === undefined || status >= 500 || status === 429;
}

/** The wait before the next try, or why there is none. */
function waitBeforeRetry(options: {
  failure: HttpFailure;
  attempt: number;
  policy: RetryOptions;
  endpoint: RequestOptions;
}): number | string {
  const { failure, attempt, policy, endpoint } = options;
  const why = describeFailure({ failure, endpoint });
  if (attempt > policy.delaysMs.length) {
    const hint = failure.response
      ? 'GitHub may be down or rate-limiting this token'
      : 'GitHub may be down or unreachable from this runner';
    return `failed ${attempt} times, last with ${why}; ${hint}`;
  }
  const after = Number(failure.response?.headers?.['retry-after']);
  if (!Number.isFinite(after) || after <= 0) return policy.delaysMs[attempt - 1]!;
  if (after * 1000 > policy.maxRetryAfterMs) {
    return `failed with ${why} and GitHub asked to wait ${after} s, longer than the ${seconds(policy.maxRetryAfterMs)} s the action waits; run the job again later`;
  }
  return after * 1000;
}

function describeRefusal(options: {
  refusal: RateLimitRefusal;
  failure: HttpFailure;
  policy: RetryOptions;
  endpoint: RequestOptions;
}): string {
  const { refusal, failure, policy, endpoint } = options;
  const cap = seconds(policy.maxRetryAfterMs);
  if (refusal.waitMs > policy.maxRetryAfterMs) {
    if (refusal.limit === 'secondary') {
      return `hit GitHub's secondary rate limit, which asks to wait ${seconds(refusal.waitMs)} s, longer than the ${cap} s the action waits; run the job again later`;
    }
    const reset = Number(failure.response?.headers?.['x-ratelimit-reset']);
    const until = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return `was refused: this token's GitHub rate limit is used up${until}, ${seconds(refusal.waitMs)} s away, longer than the ${cap} s the action waits; run the job again after the reset`;
  }
  return `failed ${refusal.retries + 1} times, last with ${describeFailure({ failure, endpoint })}; GitHub is rate-limiting this token`;
}

function describeFailure(options: { failure: HttpFailure; endpoint: RequestOptions }): string {
  const { failure, endpoint } = options;
  const message = (failure.message ?? '').split('\n')[0]!.slice(0, 200);
  if (!failure.response) {
    // No answer: Octokit says "500"; the host and the socket's code are what tell a person what happened.
    const code = socketCode(failure);
    return `no answer from ${hostOf(endpoint)}${code ? ` (${code})` : message ? ` (${message})` : ''}`;
  }
  const status = `HTTP ${failure.status}`;
  return message ? `${status} (${message})` : status;
}

function hostOf(endpoint: RequestOptions): string {
  try {
    return new URL(String(endpoint.url ?? ''), endpoint.baseUrl).host;
  } catch {
    return endpoint.baseUrl ?? 'GitHub';
  }
}

/**
 * `GET /repos/acme/shop/deployments`: the route with its parameters filled in, without the query; a GraphQL
 * request by its operation (`GraphQL query DeployStart`), which says more than GitHub's one GraphQL URL.
 */
function requestLabel(endpoint: Record<string, unknown>): string {
  if (/\/graphql$/.test(String(endpoint.url).replace(/\?.*$/, ''))) {
    const operation = /\b(query|mutation)\s+(\w+)/.exec(String(endpoint.query ?? ''));
    return operation ? `GraphQL ${operation[1]} ${operation[2]}` : 'GraphQL request';
  }
  const path = String(endpoint.url)
    .replace(/\?.*$/, '')
    .replace(/\{(\w+)\}/g, (whole, name: string) => String(endpoint[name] ?? whole));
  return `${String(endpoint.method)} ${path}`;
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
