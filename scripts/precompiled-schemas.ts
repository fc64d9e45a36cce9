import { fileURLToPath } from 'node:url';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'esbuild';
import { createSchemaAjv, SCHEMA_REFS, type SchemaName } from '../src/core/validation/schema-ajv.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

// ajv's standalone module is CommonJS: under Node's ESM loader its default export is the function itself.
const standaloneCode = standaloneCodeModule as unknown as (
  ajv: ReturnType<typeof createSchemaAjv>,
  refs: Record<string, string>,
) => string;

/**
 * The file beside the action's bundles with the validators that describe every error (scripts/build-action.ts
 * builds it from `precompiledSchemasSource`): loaded only to explain a value the bundle found invalid.
 */
export const SCHEMA_ERRORS_FILE = 'schema-errors.cjs';

/** Every schema of the project (each a `schemaErrors` name). */
export const ALL_SCHEMAS = Object.keys(SCHEMA_REFS) as SchemaName[];

/** The schemas compiled to standalone code, each exported as `schema<i>`, and the table naming them. */
function compiledSchemas(options: { validityOnly: boolean; names?: readonly SchemaName[] }): {
  code: string;
  table: string;
} {
  const names = options.names ?? ALL_SCHEMAS;
  const exportName = (index: number) => `schema${index}`;
  const code = standaloneCode(
    createSchemaAjv({ code: { source: true, esm: true }, validityOnly: options.validityOnly }),
    Object.fromEntries(names.map((name, index) => [exportName(index), SCHEMA_REFS[name]])),
  );
  const table = names.map((name, index) => `${JSON.stringify(name)}: ${exportName(index)}`).join(', ');
  return { code, table };
}

/**
 * The source of a module with `schema-validators.ts`'s `schemaErrors`, its schemas compiled now (Ajv's
 * standalone code, the same Ajv options). It still `require`s Ajv's small runtime helpers and ajv-formats'
 * formats: bundle it (esbuild resolves them from the repository's root).
 */
export function precompiledSchemasSource(): string {
  const { code, table } = compiledSchemas({ validityOnly: false });
  return `${code}
const validators = { ${table} };
export function schemaErrors(name, value) {
  const validate = validators[name];
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
`;
}

/**
 * The source of the `schemaErrors` the action's bundles hold: validators compiled with `validityOnly` (they stop
 * at the first error and describe none: about a third less code to load and compile on every run, and a
 * faster first call) answer whether a value is valid; only for an invalid value is `errorsModule` (a
 * `precompiledSchemasSource` bundle, `require`d from the bundle's directory) loaded to describe its errors,
 * exactly as the app's. Both are the same schemas compiled by the same Ajv setup, so they agree; were they
 * ever not to, the value stays invalid (one error without details), never valid. A schema not in `names`
 * (one the bundle's commands never check) is answered by `errorsModule` alone: slower, the same answer.
 */
export function validityFirstSchemasSource(
  errorsModule: string,
  names: readonly SchemaName[] = ALL_SCHEMAS,
): string {
  const { code, table } = compiledSchemas({ validityOnly: true, names });
  return `${code}
const validators = { ${table} };
let describe = null;
export function schemaErrors(name, value) {
  const validate = validators[name];
  if (validate !== undefined && validate(value)) return [];
  describe ??= require(${JSON.stringify(errorsModule)}).schemaErrors;
  const errors = describe(name, value);
  if (validate === undefined || errors.length > 0) return errors;
  return [{ instancePath: '', schemaPath: '#', keyword: 'valid', params: {}, message: 'is not valid' }];
}
`;
}

/**
 * `src/core/validation/schema-validators.ts` compiles the schemas with Ajv when first used: ~80 ms for the
 * config schema alone, and Ajv itself to load, on every run of the action. The action's bundle gets the
 * same validators compiled at build time instead, behind the same `schemaErrors`: those of `names` that only
 * answer valid or not in the bundle, those that describe the errors in SCHEMA_ERRORS_FILE, loaded only for an
 * invalid value or a schema not in `names` (test/action/precompiled-schemas.test.ts checks that both give the
 * errors and answers of the schemas compiled at run time).
 */
export function precompiledSchemas(names: readonly SchemaName[] = ALL_SCHEMAS): Plugin {
  return {
    name: 'precompiled-schemas',
    setup(build) {
      const errorsModule = `./${SCHEMA_ERRORS_FILE}`;
      build.onResolve({ filter: new RegExp(`^\\./${SCHEMA_ERRORS_FILE.replace('.', '\\.')}$`) }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onLoad({ filter: /[\\/]src[\\/]core[\\/]validation[\\/]schema-validators\.ts$/ }, () => ({
        contents: validityFirstSchemasSource(errorsModule, names),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * The app's bundle: every schema compiled at build time with its errors described, as
 * `precompiledSchemasSource` (no separate errors file; the app checks few values, all in one process).
 */
export const describedSchemas: Plugin = {
  name: 'described-schemas',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]core[\\/]validation[\\/]schema-validators\.ts$/ }, () => ({
      contents: precompiledSchemasSource(),
      loader: 'js',
      resolveDir: root,
    }));
  },
};
