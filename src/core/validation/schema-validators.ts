import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createSchemaAjv, SCHEMA_REFS, type SchemaName } from './schema-ajv.ts';

export type { SchemaName } from './schema-ajv.ts';

let ajv: ReturnType<typeof createSchemaAjv> | null = null;
const validators = new Map<SchemaName, ValidateFunction>();

/**
 * Compiles a schema once per process, when first used (ajv compiles to code; doing it per call would
 * dominate). The action's bundle replaces this file with the schemas compiled at build time.
 */
function compiled(name: SchemaName): ValidateFunction {
  const known = validators.get(name);
  if (known) return known;
  ajv ??= createSchemaAjv();
  const validate = ajv.getSchema(SCHEMA_REFS[name]);
  if (validate === undefined) throw new Error(`no schema ${SCHEMA_REFS[name]}`);
  validators.set(name, validate);
  return validate;
}

/** Validates `value` against one of the project's schemas; [] when valid. */
export function schemaErrors(name: SchemaName, value: unknown): ErrorObject[] {
  const validate = compiled(name);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
