import type { Octokit } from '@octokit/core';
import { RequestError } from '@octokit/request-error';

/** GitHub's GraphQL answers 200 with this error when the query failed on its side: as a 5xx, tried again. */
const GRAPHQL_SERVER_ERROR = /Something went wrong while executing your query/;

interface Failure {
  status?: number;
  request?: unknown;
}

/**
 * The action's Octokit plugin that sends a request again, in place of @octokit/plugin-retry, whose per-request
 * Bottleneck yields to the event loop on timers (about 4 ms of idle time per request measured, with nothing
 * to wait for). The same rules: an error Octokit gave for the request (a RequestError: an HTTP answer, or a
 * network failure it reports as 500) whose status is not in `doNotRetry` is sent again at once, up to the
 * request's own `request.retries` (0: never; create-action-octokit.ts's noBlindRepeat) or `retries`; a GraphQL
 * answer whose first error is GitHub's "Something went wrong while executing your query" counts as a 500.
 * The waits between tries are failClosed's, which sits inside this one and sleeps before it rethrows.
 */
export function resendTransient(options: { retries: number; doNotRetry: readonly number[] }) {
  const doNotRetry = new Set(options.doNotRetry);
  return (octokit: Pick<Octokit, 'hook'>): void => {
    octokit.hook.wrap('request', async (request, endpoint) => {
      const own = (endpoint.request as { retries?: number } | undefined)?.retries;
      const retries = own ?? options.retries;
      for (let tries = 1; ; tries++) {
        try {
          const response = await request(endpoint);
          const errors = (response as { data?: { errors?: Array<{ message?: unknown }> } } | undefined)?.data
            ?.errors;
          if (Array.isArray(errors) && GRAPHQL_SERVER_ERROR.test(String(errors[0]?.message ?? ''))) {
            throw new RequestError(String(errors[0]?.message), 500, { request: endpoint, response });
          }
          return response;
        } catch (error) {
          const failure = error as Failure;
          const status = failure.status ?? 0;
          const resend = failure.request !== undefined && status >= 400 && !doNotRetry.has(status);
          if (!resend || tries > retries) throw error;
        }
      }
    });
  };
}
