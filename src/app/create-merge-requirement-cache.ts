import type { CachedMergeRequirement, MergeRequirementCache } from '../use-cases/read-merge-requirement.ts';

/** The process's cache of branches' merge requirements, capped: the oldest entry goes first. */
export const createMergeRequirementCache = (capacity = 1000): MergeRequirementCache => {
  const entries = new Map<string, CachedMergeRequirement>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
  };
};
