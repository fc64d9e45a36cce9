import type { RequestSpacing } from './request-spacing.ts';

/** What @octokit/plugin-throttling asks of a Bottleneck group: `group.key(id).schedule(options, job, ...args)`. */
export interface ThrottleGroup {
  key(id: string): {
    schedule<T>(
      options: { weight?: number },
      job: (...args: unknown[]) => T | Promise<T>,
      ...args: unknown[]
    ): Promise<T>;
  };
}

/**
 * GitHub's pacing per group, per installation (GitHub counts secondary limits per installation token), as a
 * GCRA bucket (src/ops/request-spacing.ts): `burst` requests at once when the installation was quiet, then one
 * per `intervalMs`; a quiet second gives one back. In any minute a group starts at most
 * `burst + ceil(60 s / intervalMs) − 1` requests. Against GitHub's documented secondary limits ("Rate limits for
 * the REST API": 100 concurrent requests, 900 points a minute with a write costing 5, 80 content-creating
 * requests a minute and 500 an hour) and its advice to wait a second between writes when making many:
 * - `write` (every POST, PATCH, PUT, DELETE and GraphQL mutation): one a second sustained, and 15 at once, so
 *   that an event's writes (up to 6: the check run, labels, entry comments, the steps comment, a deployment's
 *   release) and those of the next few events go out without waiting: the last approval releases a waiting
 *   deploy at once even after a busy minute. A minute holds at most 15 + 59 = 74 writes, 370 of the 900 points,
 *   which leaves 530 for reads. The app sends an installation's writes one at a time per process (GitHub asks
 *   for serial requests; src/ops/change-gate-octokit.ts), so replicas at most send one each at once.
 * - `notifications` (writes that create content: comments, issues, by REST or a GraphQL mutation such as
 *   `addComment`, src/ops/graphql-creates-content.ts; also paced as writes): one per 3 s
 *   sustained and 10 at once: at most 10 + 19 = 29 a minute, well under 80. The 500 an hour is not paced: 20 a
 *   minute kept up for 25 minutes reaches it (over a hundred approvals an hour on one installation). Beyond it
 *   GitHub answers with a secondary rate limit and its `retry-after`, which the throttle handlers wait out
 *   (src/ops/throttle-handlers.ts), then the webhook's later attempts, then the sweep.
 * - `search` (GET /search/…, whose own limit is 30 a minute): one per 2.1 s and 2 at once, at most 2 + 28 = 30
 *   a minute.
 */
export const GROUP_PACING = {
  write: { intervalMs: 1_000, burst: 15 },
  search: { intervalMs: 2_100, burst: 2 },
  notifications: { intervalMs: 3_000, burst: 10 },
} as const satisfies Record<string, { intervalMs: number; burst: number }>;

/**
 * The throttle's spaced groups (`write`, `search`, `notifications`) on a RequestSpacing, keyed by the
 * throttle id (the installation: GitHub's secondary limits are counted per installation token). The plugin
 * schedules an empty job on these before the request itself, so a group only has to delay its start to a
 * free slot. A retry (weight 0: the plugin already waited the `retry-after` GitHub asked for) books no slot.
 * The `global` and `auth` groups (concurrency only) stay the plugin's own, per process.
 */
export const spacedThrottleGroups = (options: {
  spacing: RequestSpacing;
  sleep?: (ms: number) => Promise<void>;
  /** What every group's interval is multiplied by (`CHANGE_GATE_PACING_FACTOR`, src/ops/pacing-factor.ts); 1. */
  factor?: number;
}): Record<keyof typeof GROUP_PACING, ThrottleGroup> => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // A factor that is not a positive number (a caller's bug) paces as GitHub asks rather than not at all.
  const factor = options.factor !== undefined && options.factor > 0 ? options.factor : 1;
  const group = (name: keyof typeof GROUP_PACING): ThrottleGroup => {
    const { burst } = GROUP_PACING[name];
    const intervalMs = Math.max(1, Math.round(GROUP_PACING[name].intervalMs * factor));
    return {
      key: (id) => ({
        async schedule(jobOptions, job, ...args) {
          if (jobOptions.weight !== 0) {
            const wait = await options.spacing.reserve(`${name}:${id}`, intervalMs, burst);
            if (wait > 0) await sleep(wait);
          }
          return job(...args);
        },
      }),
    };
  };
  return { write: group('write'), search: group('search'), notifications: group('notifications') };
};
