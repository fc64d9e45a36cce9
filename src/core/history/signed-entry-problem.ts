import type { ErrorObject } from 'ajv/dist/2020.js';
import { schemaErrors } from '../validation/schema-validators.ts';
import { CanonicalJsonError, canonicalJson } from './canonical-json.ts';

/** What the schema cannot say: JSON Schema has no depth limit, and no way to refuse Infinity. */
const MAX_DATA_DEPTH = 16;

/** Where a value fails the entry format (JSON pointer) and why. */
export interface ShapeProblem {
  path: string;
  message: string;
}

/** The reader's words for a field that fails its schema, whatever the keyword (type, pattern, format…). */
const FIELD_MESSAGES: Record<string, (value: unknown) => string> = {
  v: () => 'expected 1',
  event: (value) => `unknown event ${JSON.stringify(value)}`,
  change_id: () => 'expected a change id like CHG-2026-012',
  actor: () => 'expected a GitHub login',
  at: () => 'expected an ISO 8601 time',
  head_sha: () => 'expected a commit SHA or null',
  block_hash: () => 'expected sha256:<hex> or null',
  key: () => 'expected 1 to 300 printable ASCII characters',
  prev: () => 'expected sha256:<hex> or null',
  data: () => 'expected an object',
  signature: () => 'expected a base64url signature',
  key_id: () => 'expected sha256:<hex>',
};
/**
 * Which problem to report when there are several: an object's own problems (not an object, an
 * unexpected field, a missing one) before those of its fields; the cheap signature fields before the
 * entry; the entry's fields in their order.
 */
const FIELD_ORDER = ['signature', 'key_id', 'entry', ...Object.keys(FIELD_MESSAGES)];
const OWN_ORDER = ['type', 'additionalProperties', 'required'];

const at = (path: string, message: string): ShapeProblem => ({ path: path === '' ? '/' : path, message });
const pointer = (path: string, key: string): string =>
  `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The ajv error as the reader reports it: JSON pointer of the field, and what was expected there. */
const toProblem = (error: ErrorObject, base: string): ShapeProblem => {
  const path = `${base}${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    return at(
      pointer(path, (error.params as { additionalProperty: string }).additionalProperty),
      'unexpected field',
    );
  }
  if (error.keyword === 'required') {
    return at(pointer(path, (error.params as { missingProperty: string }).missingProperty), 'missing');
  }
  const field = error.instancePath.split('/').at(-1) ?? '';
  const message = error.instancePath === '' ? undefined : FIELD_MESSAGES[field];
  if (message !== undefined) return at(path, message(error.data));
  return at(path, error.keyword === 'type' ? `expected an ${String(error.params.type)}` : `${error.message}`);
};

/** Sort key: per path segment its field's rank, then (for an object's own problem) the keyword's. */
const rank = (error: ErrorObject): number[] => {
  const fields = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/');
  const own = OWN_ORDER.indexOf(error.keyword);
  const fieldRank = (field: string) =>
    OWN_ORDER.length + (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);
  return [...fields.map(fieldRank), own === -1 ? 0 : own];
};

const compareRanks = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
};

const firstProblem = (errors: ErrorObject[], base: string): ShapeProblem | null => {
  const first = errors
    .map((error, index) => ({ error, index, rank: rank(error) }))
    .sort((a, b) => compareRanks(a.rank, b.rank) || a.index - b.index)[0];
  return first === undefined ? null : toProblem(first.error, base);
};

const depthOf = (value: unknown, limit: number): number => {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return deepest + 1;
};

// JSON.parse turns 1e400 into Infinity, which has no canonical form and so could never be verified.
const dataProblem = (data: unknown, path: string): ShapeProblem | null => {
  if (depthOf(data, MAX_DATA_DEPTH + 1) > MAX_DATA_DEPTH)
    return at(path, `nested deeper than ${MAX_DATA_DEPTH} levels`);
  try {
    canonicalJson(data);
    return null;
  } catch (error: unknown) {
    if (error instanceof CanonicalJsonError) return at(`${path}${error.path}`, error.reason);
    return at(path, 'cannot be written as JSON');
  }
};

/**
 * Why `value` is not a history entry as we write it (the JSON pointer of the offending field and why),
 * or null when it is one: `schemas/history-entry.schema.json#/$defs/entry`, then what a schema cannot
 * say about `data`. Every field is checked: a reader must never act on a half-shaped entry.
 */
export const historyEntryProblem = (value: unknown, path = '/entry'): ShapeProblem | null =>
  firstProblem(schemaErrors('history-entry#entry', value), path) ??
  dataProblem((value as { data: unknown }).data, `${path}/data`);

/** Why `value` is not a signed history entry (`schemas/history-entry.schema.json`), or null when it is one. */
export const signedEntryProblem = (value: unknown): ShapeProblem | null =>
  firstProblem(schemaErrors('history-entry', value), '') ??
  dataProblem((value as { entry: { data: unknown } }).entry.data, '/entry/data');
