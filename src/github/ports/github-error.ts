/**
 * Every failure an adapter meets talking to GitHub, in one shape: callers decide on `status` and read
 * `message`; no caller inspects a raw Octokit error. `status` is null when no answer came (a connection
 * error, a timeout).
 */
export class GitHubError extends Error {
  override name = 'GitHubError';
  readonly status: number | null;
  /** What was asked, e.g. `GET /repos/acme/app/pulls/7`. */
  readonly request: string;
  /** GitHub's `x-github-request-id`, to quote to GitHub support. */
  readonly requestId: string | null;
  /** When GitHub said to try again (`retry-after`, or the rate-limit reset when the quota is spent). */
  readonly retryAt: Date | null;
  /** Connection failures carry the socket's code (`ECONNREFUSED`, `ETIMEDOUT`…). */
  readonly code: string | null;

  constructor(options: {
    message: string;
    status: number | null;
    request: string;
    requestId?: string | null;
    retryAt?: Date | null;
    code?: string | null;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.request = options.request;
    this.requestId = options.requestId ?? null;
    this.retryAt = options.retryAt ?? null;
    this.code = options.code ?? null;
  }

  /** Whether GitHub answered `status` (e.g. 404: the thing is absent). */
  is(status: number): boolean {
    return this.status === status;
  }
}

/** The change (issue or pull request) or its repository is not there for the app: deleted, transferred, out of reach. */
export class ChangeNotFoundError extends Error {
  override name = 'ChangeNotFoundError';
}
