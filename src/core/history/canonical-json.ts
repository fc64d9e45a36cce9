/** Deep enough for any entry we write; shallow enough that hostile nesting cannot exhaust the stack. */
const MAX_DEPTH = 64;

/** Thrown for a value that has no single JSON spelling; `path` is a JSON pointer to the offending value. */
export class CanonicalJsonError extends Error {
  readonly path: string;
  readonly reason: string;
  constructor(reason: string, path: string) {
    super(`${reason} at ${path === '' ? '/' : path}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
    this.reason = reason;
  }
}

const pointer = (path: string, key: string | number): string =>
  `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const write = (value: unknown, path: string, depth: number): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} has no JSON form`, path);
      // JSON.stringify already prints -0 as 0 and uses the shortest round-trip form.
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`, path);
  }
  if (depth >= MAX_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_DEPTH} levels`, path);
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let index = 0; index < value.length; index++) {
      if (!(index in value))
        throw new CanonicalJsonError('a hole in an array has no JSON form', pointer(path, index));
      items.push(write(value[index], pointer(path, index), depth + 1));
    }
    return `[${items.join(',')}]`;
  }
  if (!isPlainObject(value)) {
    throw new CanonicalJsonError(
      `a ${value.constructor?.name ?? 'non-plain object'} is not plain JSON data`,
      path,
    );
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the order RFC 8785 (JCS) prescribes.
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${write(record[key], pointer(path, key), depth + 1)}`);
  return `{${members.join(',')}}`;
};

/**
 * The one JSON spelling of `value`: object keys sorted, no whitespace. What we sign and hash, so two
 * machines always agree on the bytes. Throws `CanonicalJsonError` for values JSON cannot carry
 * faithfully (undefined, NaN, Infinity, functions, class instances, array holes, too deep).
 */
export const canonicalJson = (value: unknown): string => write(value, '', 0);
