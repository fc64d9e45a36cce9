import {
  type CachedMergeRequirement,
  MERGE_REQUIREMENT_MAX_AGE_MS,
  type MergeRequirementCache,
} from '../use-cases/read-merge-requirement.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * Branches' merge requirements shared by the replicas (one key per repository and branch, expiring when an
 * evaluation would no longer use it), so that whichever replica evaluates a change gives the same warning.
 * Every write also goes to this process's memory, which answers while Redis cannot be asked; a value that
 * cannot be read back whole counts as none (no warning).
 */
export const createRedisMergeRequirementCache = (options: {
  redis: RedisConnection;
  fallback: MergeRequirementCache;
  prefix?: string;
}): MergeRequirementCache => {
  const prefix = options.prefix ?? 'change-gate:merge-requirement:';
  const { client } = options.redis;
  return {
    async get(key) {
      if (!options.redis.up()) return options.fallback.get(key);
      let value: string | null;
      try {
        value = await client.get(`${prefix}${key}`);
      } catch {
        return options.fallback.get(key);
      }
      return value === null ? undefined : (toCached(value) ?? undefined);
    },
    async set(key, value) {
      await options.fallback.set(key, value);
      if (!options.redis.up()) return;
      await client
        .set(`${prefix}${key}`, JSON.stringify(value), 'PX', MERGE_REQUIREMENT_MAX_AGE_MS)
        .catch(() => undefined);
    },
  };
};

const isReadable = (value: unknown, isValue: (inner: unknown) => boolean): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const { read, value: inner, reason } = value as Record<string, unknown>;
  return read === true ? isValue(inner) : read === false && typeof reason === 'string';
};
const isChecks = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every(
    (check) =>
      typeof check === 'object' &&
      check !== null &&
      typeof (check as { context?: unknown }).context === 'string' &&
      ((check as { appId?: unknown }).appId === null ||
        Number.isSafeInteger((check as { appId?: unknown }).appId)),
  );

/** A stored value read back: whole and well-typed, or null. */
function toCached(text: string): CachedMergeRequirement | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { at, facts } = value as Record<string, unknown>;
  if (typeof at !== 'number' || !Number.isFinite(at) || typeof facts !== 'object' || facts === null)
    return null;
  const { rulesets, protection } = facts as Record<string, unknown>;
  const isProtection = (inner: unknown) =>
    typeof inner === 'object' &&
    inner !== null &&
    typeof (inner as { protected?: unknown }).protected === 'boolean' &&
    isChecks((inner as { checks?: unknown }).checks);
  if (!isReadable(rulesets, isChecks) || !isReadable(protection, isProtection)) return null;
  return value as CachedMergeRequirement;
}
