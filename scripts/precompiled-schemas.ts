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
 * The source of a module with `schema-validators.ts`'s `schemaErrors`, its schemas compiled now (Ajv's
 * standalone code, the same Ajv options). It still `require`s Ajv's small runtime helpers and ajv-formats'
 * formats: bundle it (esbuild resolves them from the repository's root).
 */
export function precompiledSchemasSource(): string {
  const names = Object.keys(SCHEMA_REFS) as SchemaName[];
  const exportName = (index: number) => `schema${index}`;
  const code = standaloneCode(
    createSchemaAjv({ code: { source: true, esm: true } }),
    Object.fromEntries(names.map((name, index) => [exportName(index), SCHEMA_REFS[name]])),
  );
  const table = names.map((name, index) => `${JSON.stringify(name)}: ${exportName(index)}`).join(', ');
  return `${code}
const validators = { ${table} };
export function schemaErrors(name, value) {
  const validate = validators[name];
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
`;
}

/**
 * `src/core/validation/schema-validators.ts` compiles the schemas with Ajv when first used: ~80 ms for the
 * config schema alone, and Ajv itself to load, on every run of the action. The action's bundle gets the
 * same validators compiled at build time instead, behind the same `schemaErrors`
 * (test/action/precompiled-schemas.test.ts checks that both give the same errors).
 */
export const precompiledSchemas: Plugin = {
  name: 'precompiled-schemas',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]core[\\/]validation[\\/]schema-validators\.ts$/ }, () => ({
      contents: precompiledSchemasSource(),
      loader: 'js',
      resolveDir: root,
    }));
  },
};
