/**
 * Merges a user's config over the defaults, key by key: mappings merge recursively, anything else
 * (a list, a scalar) replaces the default. So a repository that only sets
 * `testing.test_coverage_required` keeps every other testing default, and `change_types: [a]` replaces
 * the whole list. The result shares nothing with either input.
 */
export function mergeOverDefaults<T>(defaults: T, override: unknown): T {
  return merge(defaults, override) as T;
}

function merge(base: unknown, override: unknown): unknown {
  if (override === undefined) return copy(base);
  if (!isMapping(base) || !isMapping(override)) return copy(override);
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) merged[key] = copy(value);
  for (const [key, value] of Object.entries(override)) {
    if (key === '__proto__') continue; // the schema rejects it; never let it reach an assignment
    merged[key] = Object.hasOwn(base, key) ? merge(base[key], value) : copy(value);
  }
  return merged;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isMapping(value)) return merge({}, value);
  return value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
