import { GitHubError } from '../ports/github-error.ts';

interface OctokitFailure {
  status?: unknown;
  message?: unknown;
  request?: { method?: unknown; url?: unknown };
  response?: { headers?: Record<string, unknown> };
  cause?: unknown;
  errors?: Array<{ message?: unknown }>;
  name?: unknown;
}

/**
 * Octokit's errors (RequestError, GraphqlResponseError, a failed connection reported as "HTTP 500" without a
 * response) as one GitHubError; anything that is not a request failure is returned as it is.
 */
export function toGitHubError(error: unknown): unknown {
  if (error instanceof GitHubError || typeof error !== 'object' || error === null) return error;
  const failure = error as OctokitFailure;
  if (failure.name === 'GraphqlResponseError') return graphqlError(failure, error);
  if (typeof failure.status !== 'number' || typeof failure.request !== 'object') return error;
  const headers = failure.response?.headers ?? {};
  const answered = failure.response !== undefined;
  return new GitHubError({
    message: String(failure.message ?? 'request failed'),
    status: answered ? failure.status : null,
    request: requestLabel(failure.request),
    requestId: header(headers, 'x-github-request-id'),
    retryAt: answered ? retryAt(headers) : null,
    code: answered ? null : socketCode(failure.cause),
    cause: error,
  });
}

/**
 * The port with every method's failures turned into GitHubError: adapters are written with Octokit as
 * usual; callers see one error type.
 */
export function withGitHubErrors<Port extends object>(port: Port): Port {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(port)) {
    guarded[name] =
      typeof member === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await member.apply(port, args);
            } catch (error) {
              throw toGitHubError(error);
            }
          }
        : member;
  }
  return guarded as Port;
}

function graphqlError(failure: OctokitFailure, error: unknown): GitHubError {
  const messages = (failure.errors ?? []).map((item) => String(item.message ?? '')).filter(Boolean);
  return new GitHubError({
    message: messages.join('; ') || String(failure.message ?? 'GraphQL query failed'),
    status: 200,
    request: 'POST /graphql',
    cause: error,
  });
}

function requestLabel(request: OctokitFailure['request']): string {
  const method = typeof request?.method === 'string' ? request.method : 'GET';
  const url = typeof request?.url === 'string' ? request.url : '';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // A relative or unparsable URL is shown as it is.
  }
  return `${method} ${path}`.trim();
}

function header(headers: Record<string, unknown>, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** `retry-after` (seconds), else the rate-limit reset when the quota is spent. */
function retryAt(headers: Record<string, unknown>): Date | null {
  const after = Number(header(headers, 'retry-after'));
  if (Number.isFinite(after) && after > 0) return new Date(Date.now() + after * 1000);
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (header(headers, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) {
    return new Date(reset * 1000);
  }
  return null;
}

/** The socket error code under fetch's "fetch failed" (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…), a few causes down. */
export function socketCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
