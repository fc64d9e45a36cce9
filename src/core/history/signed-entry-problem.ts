import { CanonicalJsonError, canonicalJson } from './canonical-json.ts';
import { HISTORY_EVENTS } from './history-entry.ts';

const SHA256_TAG = /^sha256:[0-9a-f]{64}$/;
const GIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(?:\[bot\])?$/;
const KEY = /^[\x21-\x7e]{1,300}$/;
const BASE64URL = /^[A-Za-z0-9_-]{16,4096}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const MAX_DATA_DEPTH = 16;

const ENTRY_KEYS = [
  'v',
  'event',
  'change_id',
  'actor',
  'at',
  'head_sha',
  'block_hash',
  'key',
  'prev',
  'data',
];
const SIGNED_KEYS = ['entry', 'signature', 'key_id'];
const EVENTS: ReadonlySet<unknown> = new Set(HISTORY_EVENTS);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where a value fails the entry format (JSON pointer) and why. */
export interface ShapeProblem {
  path: string;
  message: string;
}

const at = (path: string, message: string): ShapeProblem => ({ path: path === '' ? '/' : path, message });

const keysProblem = (
  value: Record<string, unknown>,
  expected: string[],
  path: string,
): ShapeProblem | null => {
  const extra = Object.keys(value).find((key) => !expected.includes(key));
  if (extra !== undefined) return at(`${path}/${extra}`, 'unexpected field');
  const missing = expected.find((key) => !Object.hasOwn(value, key));
  return missing === undefined ? null : at(`${path}/${missing}`, 'missing');
};

const matches = (value: unknown, pattern: RegExp): boolean =>
  typeof value === 'string' && pattern.test(value);
const nullOr = (value: unknown, pattern: RegExp): boolean => value === null || matches(value, pattern);

const depthOf = (value: unknown, limit: number): number => {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return deepest + 1;
};

// JSON.parse turns 1e400 into Infinity, which has no canonical form and so could never be verified.
const canonicalProblem = (value: unknown, path: string): ShapeProblem | null => {
  try {
    canonicalJson(value);
    return null;
  } catch (error: unknown) {
    if (error instanceof CanonicalJsonError) return at(`${path}${error.path}`, error.reason);
    return at(path, 'cannot be written as JSON');
  }
};

/**
 * Why `value` is not a history entry as we write it (the JSON pointer of the offending field and why), or null when it is one. Every field is checked: a reader must never act on a half-shaped entry.
 */
export const historyEntryProblem = (value: unknown, path = '/entry'): ShapeProblem | null => {
  if (!isRecord(value)) return at(`${path}`, `expected an object`);
  const keys = keysProblem(value, ENTRY_KEYS, path);
  if (keys !== null) return keys;
  if (value.v !== 1) return at(`${path}/v`, `expected 1`);
  if (!EVENTS.has(value.event)) return at(`${path}/event`, `unknown event ${JSON.stringify(value.event)}`);
  if (!matches(value.change_id, CHANGE_ID))
    return at(`${path}/change_id`, `expected a change id like CHG-2026-012`);
  if (!matches(value.actor, LOGIN)) return at(`${path}/actor`, `expected a GitHub login`);
  if (!matches(value.at, ISO_TIME) || Number.isNaN(Date.parse(value.at as string)))
    return at(`${path}/at`, `expected an ISO 8601 time`);
  if (!nullOr(value.head_sha, GIT_SHA)) return at(`${path}/head_sha`, `expected a commit SHA or null`);
  if (!nullOr(value.block_hash, SHA256_TAG)) return at(`${path}/block_hash`, `expected sha256:<hex> or null`);
  if (!matches(value.key, KEY)) return at(`${path}/key`, `expected 1 to 300 printable ASCII characters`);
  if (!nullOr(value.prev, SHA256_TAG)) return at(`${path}/prev`, `expected sha256:<hex> or null`);
  if (!isRecord(value.data)) return at(`${path}/data`, `expected an object`);
  if (depthOf(value.data, MAX_DATA_DEPTH + 1) > MAX_DATA_DEPTH)
    return at(`${path}/data`, `nested deeper than ${MAX_DATA_DEPTH} levels`);
  return canonicalProblem(value.data, `${path}/data`);
};

/** Why `value` is not a signed history entry, or null when it is one. */
export const signedEntryProblem = (value: unknown): ShapeProblem | null => {
  if (!isRecord(value)) return at('', 'expected an object');
  const keys = keysProblem(value, SIGNED_KEYS, '');
  if (keys !== null) return keys;
  if (!matches(value.signature, BASE64URL)) return at('/signature', 'expected a base64url signature');
  if (!matches(value.key_id, SHA256_TAG)) return at('/key_id', 'expected sha256:<hex>');
  return historyEntryProblem(value.entry);
};
