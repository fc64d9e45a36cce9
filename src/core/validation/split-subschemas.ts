/** A JSON Schema (2020-12) as read from `schemas/`: plain JSON. */
type Schema = { [keyword: string]: unknown };

/** Keywords that annotate and never decide validity: left out of the copy (less code to load). */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples']);

/** The prefix of the `$defs` names `splitSubschemas` adds (no schema of `schemas/` uses it). */
const SPLIT_DEF_PREFIX = 'split_';

const isSchemaObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A subschema with a structure of its own (an object's properties, an array's items), its type declared. */
const hasStructure = (schema: Schema): boolean =>
  (schema.type === 'object' || schema.type === 'array') &&
  (isSchemaObject(schema.properties) ||
    isSchemaObject(schema.additionalProperties) ||
    isSchemaObject(schema.items));

/**
 * A copy of `schema` in which every subschema with a structure of its own (type object or array, with
 * properties or items) under `properties`, `additionalProperties` or `items` is moved to the root's `$defs` (a
 * new name, `split_` and its path) and referenced from where it was (`{ "$ref": "#/$defs/split_…" }`): the same
 * schema (a `$ref` to a subschema of the same document validates as the subschema there; the moved schemas hold
 * no `$id`, `$anchor` or `$dynamicRef` whose meaning would move with them, which this refuses, and their `$ref`s
 * point into the root, as before). Ajv compiled with `inlineRefs: false` then emits one function per moved
 * subschema instead of one function holding them all: the action's validity-only config validator (one ~220 KB
 * function otherwise) is compiled by V8 on first call piece by piece, only the pieces a config uses.
 * The root's own `$defs` keep their names (a `$ref` from another schema, e.g. `history-entry…#/$defs/entry`,
 * still finds them), their insides split likewise.
 */
export function splitSubschemas(schema: Schema): Schema {
  refusePointersIntoMovedPlaces(schema);
  const defs: Record<string, unknown> = {};
  const taken = new Set(Object.keys(isSchemaObject(schema.$defs) ? schema.$defs : {}));

  const nameFor = (path: readonly string[]): string => {
    const base = `${SPLIT_DEF_PREFIX}${path.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };

  /** `sub` (at `path`), split inside; moved to `defs` and replaced by a reference when `movable`. */
  const visit = (sub: unknown, path: readonly string[], movable: boolean): unknown => {
    if (!isSchemaObject(sub)) return sub;
    for (const keyword of [
      '$id',
      '$anchor',
      '$dynamicAnchor',
      '$dynamicRef',
      '$recursiveRef',
      '$recursiveAnchor',
    ]) {
      if (keyword in sub && path.length > 0) {
        throw new Error(`splitSubschemas: ${keyword} at /${path.join('/')} would change meaning when moved`);
      }
    }
    const copy: Schema = Object.fromEntries(
      Object.entries(sub).filter(([keyword]) => !ANNOTATIONS.has(keyword)),
    );
    if (isSchemaObject(copy.properties)) {
      copy.properties = Object.fromEntries(
        Object.entries(copy.properties).map(([key, value]) => [key, visit(value, [...path, key], true)]),
      );
    }
    for (const keyword of ['additionalProperties', 'items'] as const) {
      if (isSchemaObject(copy[keyword])) copy[keyword] = visit(copy[keyword], [...path, keyword], true);
    }
    // Combinators and the other applicators are left whole (their branches stay in the moved schema).
    if (!movable || !hasStructure(copy)) return copy;
    const name = nameFor(path);
    defs[name] = copy;
    return { $ref: `#/$defs/${name}` };
  };

  const root = visit(schema, [], false) as Schema;
  const ownDefs = isSchemaObject(schema.$defs)
    ? Object.fromEntries(
        Object.entries(schema.$defs).map(([key, value]) => [key, visit(value, ['$defs', key], false)]),
      )
    : {};
  return { ...root, $defs: { ...ownDefs, ...defs } };
}

/** A `$ref` to a place in this document other than a `$defs` entry could point at a subschema that moves. */
function refusePointersIntoMovedPlaces(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) refusePointersIntoMovedPlaces(item);
    return;
  }
  if (!isSchemaObject(value)) return;
  for (const [key, member] of Object.entries(value)) {
    // Any pointer fragment (`#/…`, or `other.json#/…` into another schema that may be split too) other than a
    // `$defs` entry: refused here with its cause, not left to fail (or resolve) in Ajv.
    if (
      key === '$ref' &&
      typeof member === 'string' &&
      member.includes('#') &&
      member.slice(member.indexOf('#') + 1) !== '' &&
      !/^\/\$defs\/[^/]+$/.test(member.slice(member.indexOf('#') + 1))
    ) {
      throw new Error(`splitSubschemas: $ref ${member} points into the document where subschemas move`);
    }
    refusePointersIntoMovedPlaces(member);
  }
}
