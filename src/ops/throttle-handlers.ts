import type { AppMetrics } from './app-metrics.ts';

/** How many times a rate-limited request is sent again, and the longest wait GitHub may ask for. */
export interface RateLimitPolicy {
  retries: number;
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { retries: 3, maxRetryAfterSeconds: 120 };

interface ThrottledClient {
  log: { warn(message: string): void };
}

/**
 * @octokit/plugin-throttling's handlers. Probot's own never retry a secondary rate limit and retry a spent
 * quota however long the wait; these retry both a bounded number of times (the plugin waits `retry-after`, or
 * the quota's reset, before each), and give up on a wait longer than `maxRetryAfterSeconds`: the request then
 * fails and the handler's own retry (or the next event, or the sweep) re-evaluates later.
 */
export const throttleHandlers = (options: { policy: RateLimitPolicy; metrics: AppMetrics }) => {
  const handler =
    (limit: 'primary' | 'secondary') =>
    (
      retryAfterSeconds: number,
      request: { method?: string; url?: string },
      octokit: ThrottledClient,
      retryCount: number,
    ) => {
      const retry =
        retryCount < options.policy.retries && retryAfterSeconds <= options.policy.maxRetryAfterSeconds;
      options.metrics.rateLimited.inc({ limit, retried: String(retry) });
      octokit.log.warn(
        `GitHub ${limit} rate limit on ${request.method} ${request.url}: ${retry ? `retrying in ${retryAfterSeconds} s (retry ${retryCount + 1} of ${options.policy.retries})` : `giving up after ${retryCount} retries (asked to wait ${retryAfterSeconds} s)`}`,
      );
      return retry;
    };
  return { onRateLimit: handler('primary'), onSecondaryRateLimit: handler('secondary') };
};
