import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import changeRequestSchema from '../../../schemas/change-request.schema.json' with { type: 'json' };
import configSchema from '../../../schemas/config.schema.json' with { type: 'json' };
import historyEntrySchema from '../../../schemas/history-entry.schema.json' with { type: 'json' };
import { splitSubschemas } from './split-subschemas.ts';

/**
 * A schema of `schemas/`, or `history-entry#entry`: the `entry` of a signed history entry alone
 * (`$defs/entry`), which is checked before it is signed.
 */
export type SchemaName = 'change-request' | 'config' | 'history-entry' | 'history-entry#entry';

// ajv-formats is CommonJS: under Node's ESM loader its default export is the plugin function itself.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020, formats: string[]) => void;

/** Each schema's reference in the Ajv instance below. */
export const SCHEMA_REFS: Record<SchemaName, string> = {
  'change-request': changeRequestSchema.$id,
  config: configSchema.$id,
  'history-entry': historyEntrySchema.$id,
  'history-entry#entry': `${historyEntrySchema.$id}#/$defs/entry`,
};

/**
 * The Ajv instance that checks the project's schemas, with every schema added (compiled on first use).
 * `code` is for the action's build, which turns them into code ahead of time (scripts/build-action.ts).
 * `validityOnly` (the action's build too) compiles validators that only answer whether a value is valid: they
 * stop at the first error and describe none (about a third less code to load and compile); the same schemas,
 * formats and strictness, so the same answer. Their schemas are split into `$defs` first (splitSubschemas, the
 * same schemas): each object or array inside becomes a function of its own, which V8 compiles only when a value
 * reaches it (a config's few keys, not the whole config validator: ~2 ms less CPU per gate).
 */
export function createSchemaAjv(options: { code?: Options['code']; validityOnly?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    // Every error, each with the failing value and schema, which the messages quote.
    ...(options.validityOnly
      ? { allErrors: false, verbose: false, messages: false, inlineRefs: false }
      : { allErrors: true, verbose: true }),
    ...(options.code ? { code: options.code } : {}),
  });
  addFormats(ajv, ['date-time']);
  const schemas = [changeRequestSchema, configSchema, historyEntrySchema];
  ajv.addSchema(options.validityOnly ? schemas.map(splitSubschemas) : schemas);
  return ajv;
}
