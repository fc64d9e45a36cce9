export interface RequestLogEntry {
  /** Order of arrival, from 1. */
  seq: number;
  api: 'rest' | 'graphql' | 'other';
  method: string;
  /** Actual path without `/api/v3` (GraphQL: `/api/graphql`). */
  path: string;
  /** GitHub's path template when the route is known (`/repos/{owner}/{repo}/check-runs`). */
  template: string | null;
  query: string;
  status: number;
  /** Milliseconds since the epoch, sub-millisecond precision. */
  startedAt: number;
  endedAt: number;
  durationMs: number;
  auth: 'app' | 'installation' | 'user' | 'none';
  installationId?: number;
  appId?: number;
  userLogin?: string;
  graphqlOperationName?: string;
  /** Set when a fault rule answered instead of the simulator. */
  fault?: string;
  /** The `x-github-delivery` header the request carried: the webhook delivery an app says it answers. */
  delivery?: string;
}

export interface LogMark {
  seq: number;
  at: number;
}

/**
 * Most sequential round trips in `entries`: the longest chain of requests each starting after the
 * previous one ended (earliest-end greedy). Concurrent requests count once; this is the latency cost.
 */
export const sequentialRoundTrips = (entries: readonly RequestLogEntry[]): number => {
  let count = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const entry of [...entries].sort((a, b) => a.endedAt - b.endedAt)) {
    if (entry.startedAt >= lastEnd) {
      count++;
      lastEnd = entry.endedAt;
    }
  }
  return count;
};

export const createRequestLog = (clock: () => number) => {
  const entries: RequestLogEntry[] = [];
  let seq = 0;
  return {
    entries: entries as readonly RequestLogEntry[],
    nextSeq: () => ++seq,
    push(entry: RequestLogEntry) {
      entries.push(entry);
    },
    mark: (): LogMark => ({ seq, at: clock() }),
    /** Requests that arrived after `from` (and up to `to`), optionally filtered. */
    between(options: { from: LogMark; to?: LogMark; filter?: (entry: RequestLogEntry) => boolean }) {
      return entries.filter(
        (e) =>
          e.seq > options.from.seq &&
          (options.to === undefined || e.seq <= options.to.seq) &&
          (options.filter === undefined || options.filter(e)),
      );
    },
    /** Requests made while a webhook delivery was being handled (start and end inside it). */
    during(window: { startedAt: number; endedAt: number }, filter?: (entry: RequestLogEntry) => boolean) {
      return entries.filter(
        (e) => e.startedAt >= window.startedAt && e.endedAt <= window.endedAt && (!filter || filter(e)),
      );
    },
    clear() {
      entries.length = 0;
    },
  };
};

export type RequestLog = ReturnType<typeof createRequestLog>;
