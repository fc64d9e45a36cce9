import type { MergeRequirementFacts } from '../core/doctor/merge-requirement-warning.ts';
import type { RepositorySettingsPort } from '../github/ports/repository-settings-port.ts';
import { readable } from './readable.ts';

/** What was read of a branch's merge requirement, and when (ms since the epoch). */
export interface CachedMergeRequirement {
  at: number;
  facts: MergeRequirementFacts;
}

/**
 * Reads per repository and branch (`owner/repo@branch`): this process's memory, or Redis shared by the
 * replicas (so that they all give the same warning). Advisory only: nothing approves on what it holds.
 */
export interface MergeRequirementCache {
  get(key: string): Promise<CachedMergeRequirement | undefined>;
  set(key: string, value: CachedMergeRequirement): Promise<void>;
}

/** The sweep reads a branch's requirement again once what is cached is this old: settings change rarely. */
export const MERGE_REQUIREMENT_TTL_MS = 10 * 60_000;
/** An evaluation no longer uses what was read longer ago than this (the sweep turned off, say). */
export const MERGE_REQUIREMENT_MAX_AGE_MS = 24 * 3_600_000;

const NOT_READ_YET: MergeRequirementFacts = {
  rulesets: { read: false, reason: 'not read yet (the sweep reads it)' },
  protection: { read: false, reason: 'not read yet (the sweep reads it)' },
};

export const mergeRequirementKey = (repository: string, branch: string): string =>
  `${repository}@${branch}`.toLowerCase();

/**
 * What a branch requires before a pull request merges (active rulesets' required checks, classic protection as
 * a reader sees it), for the warning in a change's check output. An event's evaluation only uses what is cached
 * (unread when nothing is: then no warning is given); `readWhenStale` (the sweep's) reads it when missing or
 * older than ten minutes: two reads per branch, paid once per repository, not per change. A read that fails is
 * reported as unread, never thrown.
 */
export const readMergeRequirement = async (options: {
  settings: Pick<RepositorySettingsPort, 'branchRules' | 'branchProtectionSummary'>;
  cache: MergeRequirementCache;
  repository: string;
  branch: string;
  now: Date;
  readWhenStale?: boolean;
}): Promise<MergeRequirementFacts> => {
  const { settings, cache, branch } = options;
  const key = mergeRequirementKey(options.repository, branch);
  const cached = await cache.get(key).catch(() => undefined);
  const age = cached ? options.now.getTime() - cached.at : Number.POSITIVE_INFINITY;
  if (!options.readWhenStale)
    return cached && age < MERGE_REQUIREMENT_MAX_AGE_MS ? cached.facts : NOT_READ_YET;
  if (cached && age >= 0 && age < MERGE_REQUIREMENT_TTL_MS) return cached.facts;
  const [rulesets, protection] = await Promise.all([
    readable(async () => (await settings.branchRules(branch)).requiredChecks),
    readable(() => settings.branchProtectionSummary(branch)),
  ]);
  const facts = { rulesets, protection };
  await cache.set(key, { at: options.now.getTime(), facts }).catch(() => undefined);
  return facts;
};
