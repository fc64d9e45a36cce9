/** Where two JSON values first differ: the JSON pointer, and the value on each side there. */
export interface JsonDifference {
  path: string;
  left: unknown;
  right: unknown;
}

const pointer = (path: string, key: string | number): string =>
  `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first place (depth first, keys sorted) where two JSON values differ; null when they are equal. */
export const firstDifference = (left: unknown, right: unknown, path = ''): JsonDifference | null => {
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.max(left.length, right.length); index++) {
      const found = firstDifference(left[index], right[index], pointer(path, index));
      if (found !== null) return found;
    }
    return null;
  }
  if (isObject(left) && isObject(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      const found = firstDifference(left[key], right[key], pointer(path, key));
      if (found !== null) return found;
    }
    return null;
  }
  return Object.is(left, right) ? null : { path, left, right };
};
