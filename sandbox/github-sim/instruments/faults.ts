import { createSeededRandom } from './seeded-random.ts';

export interface FaultRule {
  /**
   * Which requests: `'POST /repos/{owner}/{repo}/check-runs'` (method and GitHub's template, GraphQL is
   * `'POST /graphql'`), or a RegExp tested against `'METHOD /actual/path'`. Omitted: every request.
   */
  route?: string | RegExp;
  /** Only GraphQL documents whose operation has this name (`AfterEntries`): one mutation, not every query. */
  graphqlOperation?: string;
  /**
   * `error` answers `status` (default 502) without acting; `error-after-write` acts (the comment is written,
   * the check run created) and then answers `status` all the same, as a proxy timing out behind GitHub does;
   * `secondary-rate-limit` answers 403 with `retry-after`.
   */
  kind?: 'error' | 'error-after-write' | 'secondary-rate-limit';
  status?: number;
  /** Chance per matching request (seeded), default 1. */
  probability?: number;
  /** How many times the rule fires before it retires; default unlimited. */
  times?: number;
  retryAfterSeconds?: number;
}

export interface LatencyOptions {
  fixedMs?: number;
  minMs?: number;
  maxMs?: number;
}

export interface FaultDecision {
  /** The request is handled first, then answered with this fault instead of its result. */
  afterHandling: boolean;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  label: string;
}

const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ';

/** Seeded fault injection and latency: the same seed gives the same faults on the same requests. */
export const createFaultInjector = (options: {
  seed: number;
  faults?: FaultRule[];
  latency?: LatencyOptions;
}) => {
  const random = createSeededRandom(options.seed);
  const rules = (options.faults ?? []).map((rule) => ({ rule, fired: 0 }));
  let latency = options.latency;

  const matches = (
    rule: FaultRule,
    request: { method: string; path: string; template: string | null; graphqlOperation?: string | undefined },
  ) => {
    if (rule.graphqlOperation !== undefined && request.graphqlOperation !== rule.graphqlOperation)
      return false;
    if (rule.route === undefined) return true;
    if (rule.route instanceof RegExp) return rule.route.test(`${request.method} ${request.path}`);
    return rule.route === `${request.method} ${request.template ?? request.path}`;
  };

  return {
    add(rule: FaultRule) {
      rules.push({ rule, fired: 0 });
    },
    clear() {
      rules.length = 0;
    },
    setLatency(next: LatencyOptions | undefined) {
      latency = next;
    },
    /** Milliseconds to wait before answering this request. */
    delayMs(): number {
      if (!latency) return 0;
      if (latency.fixedMs !== undefined) return latency.fixedMs;
      const min = latency.minMs ?? 0;
      const max = latency.maxMs ?? min;
      return min + random() * (max - min);
    },
    decide(request: {
      method: string;
      path: string;
      template: string | null;
      requestId: string;
      /** The GraphQL document's operation name, for a GraphQL request. */
      graphqlOperation?: string | undefined;
    }): FaultDecision | null {
      for (const entry of rules) {
        const { rule } = entry;
        if (rule.times !== undefined && entry.fired >= rule.times) continue;
        if (!matches(rule, request)) continue;
        if (random() >= (rule.probability ?? 1)) continue;
        entry.fired++;
        if (rule.kind === 'secondary-rate-limit') {
          return {
            afterHandling: false,
            status: 403,
            headers: { 'retry-after': String(rule.retryAfterSeconds ?? 60) },
            body: {
              message: `${SECONDARY_MESSAGE}${request.requestId}.`,
              documentation_url:
                'https://docs.github.com/enterprise-server@3.19/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            },
            label: 'secondary-rate-limit',
          };
        }
        const status = rule.status ?? 502;
        return {
          afterHandling: rule.kind === 'error-after-write',
          status,
          headers: {},
          body: {
            message: status === 502 ? 'Server Error' : 'Service Unavailable',
            documentation_url: 'https://docs.github.com/enterprise-server@3.19/rest',
          },
          label: rule.kind === 'error-after-write' ? `error ${status} after write` : `error ${status}`,
        };
      }
      return null;
    },
  };
};

export type FaultInjector = ReturnType<typeof createFaultInjector>;
