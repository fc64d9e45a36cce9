import type { Octokit } from '@octokit/rest';

/** GitHub kept failing: the gate refuses with this message (fail closed). */
export class GitHubUnavailableError extends Error {
  override name = 'GitHubUnavailableError';
}

export interface RetryOptions {
  /** Waits before each retry; its length is the number of retries. */
  delaysMs: number[];
  sleep(ms: number): Promise<void>;
  /** Longest wait a `retry-after` header may impose. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 3000, 9000];

interface HttpFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/**
 * Retries requests GitHub failed transiently (5xx, 429, secondary rate limits, network errors) with
 * backoff, honouring `retry-after`; after the last retry throws GitHubUnavailableError naming the request.
 * Other errors (401, 404, 422…) are not retried: trying again would not change them.
 */
export function withRetries(options: { octokit: Octokit; retry: RetryOptions }): void {
  const { octokit, retry } = options;
  octokit.hook.wrap('request', async (request, endpoint) => {
    const parameters = endpoint as unknown as Record<string, unknown>;
    const path = String(endpoint.url)
      .replace(/\?.*$/, '')
      .replace(/\{(\w+)\}/g, (whole, name: string) => String(parameters[name] ?? whole));
    const label = `${endpoint.method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(endpoint);
      } catch (error) {
        const failure = error as HttpFailure;
        const wait = retryWait({ failure, retry, attempt });
        if (wait === null) {
          if (!isTransient(failure)) throw error;
          throw new GitHubUnavailableError(
            `${label} failed ${attempt + 1} times, last with ${describeFailure(failure)}; GitHub may be down or rate-limiting this token`,
          );
        }
        await retry.sleep(wait);
      }
    }
  });
}

function retryWait(options: { failure: HttpFailure; retry: RetryOptions; attempt: number }): number | null {
  const { failure, retry, attempt } = options;
  if (!isTransient(failure) || attempt >= retry.delaysMs.length) return null;
  const after = Number(failure.response?.headers?.['retry-after']);
  if (Number.isFinite(after) && after > 0) return Math.min(after * 1000, retry.maxRetryAfterMs);
  return retry.delaysMs[attempt]!;
}

function isTransient(failure: HttpFailure): boolean {
  const status = failure.status;
  // Octokit reports a network error (no response) as status 500 too.
  if (status === undefined || status >= 500 || status === 429) return true;
  if (status !== 403) return false;
  const headers = failure.response?.headers ?? {};
  return (
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining'] === '0' ||
    /secondary rate limit|abuse/i.test(failure.message ?? '')
  );
}

function describeFailure(failure: HttpFailure): string {
  const status = failure.status ? `HTTP ${failure.status}` : 'a network error';
  const message = (failure.message ?? '').split('\n')[0]!.slice(0, 200);
  return message ? `${status} (${message})` : status;
}
