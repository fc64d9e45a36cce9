import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import changeRequestSchema from '../../../schemas/change-request.schema.json' with { type: 'json' };
import configSchema from '../../../schemas/config.schema.json' with { type: 'json' };
import historyEntrySchema from '../../../schemas/history-entry.schema.json' with { type: 'json' };

/**
 * A schema of `schemas/`, or `history-entry#entry`: the `entry` of a signed history entry alone
 * (`$defs/entry`), which is checked before it is signed.
 */
export type SchemaName = 'change-request' | 'config' | 'history-entry' | 'history-entry#entry';

// ajv-formats is CommonJS: under Node's ESM loader its default export is the plugin function itself.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020, formats: string[]) => void;

let validators: Record<SchemaName, ValidateFunction> | null = null;

/** Compiles the schemas once per process (ajv compiles to code; doing it per call would dominate). */
function compiled(): Record<SchemaName, ValidateFunction> {
  if (validators) return validators;
  // verbose: errors carry the failing value and schema, which the messages quote.
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv, ['date-time']);
  const historyEntry = ajv.compile(historyEntrySchema);
  const entry = ajv.getSchema(`${historyEntrySchema.$id}#/$defs/entry`);
  if (entry === undefined) throw new Error('schemas/history-entry.schema.json has no $defs/entry');
  validators = {
    'change-request': ajv.compile(changeRequestSchema),
    config: ajv.compile(configSchema),
    'history-entry': historyEntry,
    'history-entry#entry': entry,
  };
  return validators;
}

/** Validates `value` against one of the project's schemas; [] when valid. */
export function schemaErrors(name: SchemaName, value: unknown): ErrorObject[] {
  const validate = compiled()[name];
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
