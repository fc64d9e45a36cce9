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
 * per `intervalMs`. In any window of W ms a group starts fewer than `burst + W / intervalMs` requests. Against
 * GitHub's documented secondary limits ("Rate limits for the REST API"):
 * - `write` (every POST, PATCH, PUT, DELETE and GraphQL mutation): one a second sustained, as GitHub advises for
 *   large numbers of writes, and 6 at once, so that one event's few writes (the check run, labels, an entry
 *   comment, the steps comment, the deployment's release) are not a second each. A minute holds at most
 *   6 + 60 = 66 writes, 330 of the 900 points a minute (a write costs 5), which leaves 570 for reads.
 * - `notifications` (writes that create content: comments, issues; also counted as writes above): one per 3 s
 *   sustained and 5 at once, so at most 5 + 20 = 25 a minute, under the 80 a minute. GitHub also allows only
 *   500 an hour: 20 a minute kept up for 25 minutes reaches it (one installation would need over a hundred
 *   approvals an hour). Beyond it GitHub answers with a secondary rate limit and its `retry-after`, which the
 *   throttle handlers wait out (src/ops/throttle-handlers.ts), and the webhook's later attempts after that.
 * - `search` (GET /search/…, whose own limit is 30 a minute): one per 2.1 s and 2 at once, at most
 *   2 + 28 = 30 a minute.
 */
export const GROUP_PACING = {
  write: { intervalMs: 1_000, burst: 6 },
  search: { intervalMs: 2_100, burst: 2 },
  notifications: { intervalMs: 3_000, burst: 5 },
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
}): Record<keyof typeof GROUP_PACING, ThrottleGroup> => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const group = (name: keyof typeof GROUP_PACING): ThrottleGroup => ({
    key: (id) => ({
      async schedule(jobOptions, job, ...args) {
        if (jobOptions.weight !== 0) {
          const { intervalMs, burst } = GROUP_PACING[name];
          const wait = await options.spacing.reserve(`${name}:${id}`, intervalMs, burst);
          if (wait > 0) await sleep(wait);
        }
        return job(...args);
      },
    }),
  });
  return { write: group('write'), search: group('search'), notifications: group('notifications') };
};
