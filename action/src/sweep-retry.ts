import { isTransient, waitBeforeAttempt } from '../../src/ops/event-retry.ts';
import type { SweepRetry } from '../../src/use-cases/sweep-installation.ts';
import type { Clock } from './action-io.ts';
import { GitHubUnavailableError, type RetryOptions } from './create-action-octokit.ts';

/**
 * How the action's sweep tries a change again: after a transient failure (a creating POST answered 5xx or
 * not at all, which the client does not send again; a request whose tries ran out), on the action's backoff
 * (`delaysMs`, a longer `retry-after` honoured up to `maxRetryAfterMs`), as many times as it has delays.
 * A 4xx, or GitHub asking for a wait longer than the action takes, is not tried again in this run.
 */
export const sweepRetry = (options: { retry: RetryOptions; clock: Clock }): SweepRetry => {
  const { retry, clock } = options;
  const policy = { delaysMs: retry.delaysMs, maxWaitMs: retry.maxRetryAfterMs };
  return {
    waitBefore: (error, attempt) => {
      const worthIt = error instanceof GitHubUnavailableError ? error.mayPassLater : isTransient(error);
      if (!worthIt) return null;
      return waitBeforeAttempt({ error, attempt: attempt + 1, policy, nowMs: clock.now().getTime() });
    },
    sleep: retry.sleep,
  };
};
