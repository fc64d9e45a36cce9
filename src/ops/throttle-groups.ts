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

/** GitHub's spacing per group, as @octokit/plugin-throttling's own groups space them (`minTime`). */
const SPACING_MS = { write: 1_000, search: 2_000, notifications: 3_000 } as const;

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
}): Record<keyof typeof SPACING_MS, ThrottleGroup> => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const group = (name: keyof typeof SPACING_MS): ThrottleGroup => ({
    key: (id) => ({
      async schedule(jobOptions, job, ...args) {
        if (jobOptions.weight !== 0) {
          const wait = await options.spacing.reserve(`${name}:${id}`, SPACING_MS[name]);
          if (wait > 0) await sleep(wait);
        }
        return job(...args);
      },
    }),
  });
  return { write: group('write'), search: group('search'), notifications: group('notifications') };
};
