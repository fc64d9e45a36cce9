import type { CheckRunFact, CommitStatusFact } from '../decision/change-facts.ts';
import type { TestingPolicy } from '../policy/policy.ts';

/**
 * Test evidence counts only from sources the policy trusts (DESIGN, trust model): check runs of the apps in
 * `testing.trusted_apps` (by id or slug), commit statuses of the contexts in `testing.trusted_contexts` posted
 * by their creators (by default the trusted apps' bot accounts). Anyone with write access can post a status
 * under any context, and any installed app can create a run of any name; neither proves anything else.
 */
export const isTrustedRun = (run: CheckRunFact, testing: Pick<TestingPolicy, 'trusted_apps'>): boolean =>
  testing.trusted_apps.some((app) =>
    typeof app === 'number'
      ? run.appId === app
      : run.appSlug !== null && run.appSlug.toLowerCase() === app.toLowerCase(),
  );

export const isTrustedStatus = (
  status: CommitStatusFact,
  testing: Pick<TestingPolicy, 'trusted_apps' | 'trusted_contexts'>,
): boolean => {
  const creator = status.creator?.toLowerCase();
  if (creator === undefined) return false;
  return testing.trusted_contexts.some((entry) => {
    const { context, creators } = typeof entry === 'string' ? { context: entry, creators: undefined } : entry;
    if (context !== status.context) return false;
    const allowed =
      creators ?? testing.trusted_apps.flatMap((app) => (typeof app === 'string' ? [`${app}[bot]`] : []));
    return allowed.some((login) => login.toLowerCase() === creator);
  });
};

/** Who the untrusted results of a name came from, and what the policy would trust instead: for messages. */
export const untrustedSources = (options: {
  runs: CheckRunFact[];
  statuses: CommitStatusFact[];
  testing: Pick<TestingPolicy, 'trusted_apps' | 'trusted_contexts'>;
}): string | null => {
  const from = [
    ...options.runs.map((run) => `check run by app ${run.appSlug ?? run.appId ?? 'unknown'}`),
    ...options.statuses.map((status) => `status by ${status.creator ?? 'an unknown creator'}`),
  ];
  if (from.length === 0) return null;
  const apps = options.testing.trusted_apps.join(', ') || 'none';
  const contexts =
    options.testing.trusted_contexts
      .map((entry) => (typeof entry === 'string' ? entry : entry.context))
      .join(', ') || 'none';
  return `${[...new Set(from)].slice(0, 3).join(', ')}, which is not trusted (testing.trusted_apps: ${apps}; testing.trusted_contexts: ${contexts}), so it counts for nothing`;
};
