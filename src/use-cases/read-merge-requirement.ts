import type { MergeRequirementFacts } from '../core/doctor/merge-requirement-warning.ts';
import type { RepositorySettingsPort } from '../github/ports/repository-settings-port.ts';
import { readable } from './readable.ts';

/** Reads per repository and branch, kept for `MERGE_REQUIREMENT_TTL_MS`: settings change rarely. */
export interface MergeRequirementCache {
  get(key: string): { at: number; facts: MergeRequirementFacts } | undefined;
  set(key: string, value: { at: number; facts: MergeRequirementFacts }): void;
}

export const MERGE_REQUIREMENT_TTL_MS = 10 * 60_000;

/**
 * What a branch requires before a pull request merges (active rulesets' required checks, classic protection as
 * a reader sees it), for the warning in a change's check output. Two reads at most every ten minutes per
 * branch; a read that fails is reported as unread (then no warning is given), never thrown.
 */
export const readMergeRequirement = async (options: {
  settings: Pick<RepositorySettingsPort, 'branchRules' | 'branchProtectionSummary'>;
  cache: MergeRequirementCache;
  repository: string;
  branch: string;
  now: Date;
}): Promise<MergeRequirementFacts> => {
  const { settings, cache, branch } = options;
  const key = `${options.repository}@${branch}`;
  const cached = cache.get(key);
  if (cached && options.now.getTime() - cached.at < MERGE_REQUIREMENT_TTL_MS) return cached.facts;
  const [rulesets, protection] = await Promise.all([
    readable(async () => (await settings.branchRules(branch)).requiredChecks),
    readable(() => settings.branchProtectionSummary(branch)),
  ]);
  const facts = { rulesets, protection };
  cache.set(key, { at: options.now.getTime(), facts });
  return facts;
};
