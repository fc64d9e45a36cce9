import { DurationError, parseDuration } from '../core/text/parse-duration.ts';
import { toGitHubError } from '../github/octokit/to-github-error.ts';
import { GitHubError } from '../github/ports/github-error.ts';

/** How a webhook whose handling failed on a transient GitHub error is handled again, in the background. */
export interface EventRetryPolicy {
  /** Waits before each new attempt; its length is the number of attempts after the first. */
  delaysMs: number[];
  /** The longest `retry-after` (or rate-limit reset) honoured; a longer one is waited as this. */
  maxWaitMs: number;
}

export const DEFAULT_EVENT_RETRY: EventRetryPolicy = {
  delaysMs: [2_000, 5_000, 15_000, 45_000],
  maxWaitMs: 300_000,
};

/**
 * `CHANGE_GATE_EVENT_RETRY`: the waits before each new attempt, comma-separated durations (`2s,5s,15s,45s`, the
 * default), or `off` (a failed delivery is not handled again; a redelivery or the sweep heals it). At most 10
 * attempts, none longer than the longest wait honoured (5 min). Throws a message naming the variable otherwise.
 */
export const parseEventRetry = (text: string | undefined): EventRetryPolicy => {
  const value = (text ?? '').trim();
  if (value === '') return DEFAULT_EVENT_RETRY;
  if (value === 'off') return { ...DEFAULT_EVENT_RETRY, delaysMs: [] };
  const fail = (why: string): never => {
    throw new Error(
      `CHANGE_GATE_EVENT_RETRY: "${value.slice(0, 80)}" ${why}; write comma-separated waits (e.g. 2s,5s,15s,45s) or off`,
    );
  };
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length > 10) fail('has more than 10 waits');
  const delaysMs = parts.map((part) => {
    try {
      return parseDuration(part);
    } catch (error) {
      return fail(
        error instanceof DurationError ? `has ${JSON.stringify(part)}, not a duration` : String(error),
      );
    }
  });
  if (delaysMs.some((ms) => ms > DEFAULT_EVENT_RETRY.maxWaitMs)) fail('has a wait longer than 5m');
  return { ...DEFAULT_EVENT_RETRY, delaysMs };
};

/**
 * A failure that may not happen again: no answer, a 5xx, a rate limit (429, or a 403 with a time to retry); or
 * an error holding one (its `cause`, an AggregateError's errors: a deployment not recorded for one change).
 * Handlers re-read before they write, so handling an event again writes only what is still missing.
 */
export const isTransient = (error: unknown): boolean => gitHubFailuresOf(error).some(transientFailure);

const transientFailure = (failure: GitHubError): boolean => {
  if (failure.status === null) return true;
  return (
    failure.status >= 500 || failure.status === 429 || (failure.status === 403 && failure.retryAt !== null)
  );
};

/** The wait before attempt `attempt` (2, 3…): the policy's, or longer when GitHub said when to come back. */
export const waitBeforeAttempt = (options: {
  error: unknown;
  attempt: number;
  policy: EventRetryPolicy;
  nowMs: number;
}): number | null => {
  const planned = options.policy.delaysMs[options.attempt - 2];
  if (planned === undefined) return null;
  const asked = Math.max(
    0,
    ...gitHubFailuresOf(options.error)
      .filter(transientFailure)
      .map((failure) => (failure.retryAt ? failure.retryAt.getTime() - options.nowMs : 0)),
  );
  return Math.min(options.policy.maxWaitMs, Math.max(planned, asked));
};

/**
 * The GitHub failures an error is, or holds: each of an AggregateError's errors (a deployment not recorded for
 * several changes), or its `cause` (an error that wraps GitHub's answer), a few levels deep.
 */
const gitHubFailuresOf = (error: unknown, depth = 0): GitHubError[] => {
  const failure = toGitHubError(error);
  if (failure instanceof GitHubError) return [failure];
  if (typeof error !== 'object' || error === null || depth >= 4) return [];
  const cause = (error as { cause?: unknown }).cause;
  const held = [
    ...(error instanceof AggregateError ? error.errors : []),
    ...(cause !== undefined && cause !== error ? [cause] : []),
  ];
  return held.flatMap((inner) => gitHubFailuresOf(inner, depth + 1));
};
