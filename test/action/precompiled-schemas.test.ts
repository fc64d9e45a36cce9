import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  precompiledSchemasSource,
  SCHEMA_ERRORS_FILE,
  validityFirstSchemasSource,
} from '../../scripts/precompiled-schemas.ts';
import type { SchemaName } from '../../src/core/validation/schema-ajv.ts';
import { schemaErrors } from '../../src/core/validation/schema-validators.ts';
import { SCHEMA_VALID_FULL_CONFIG, schemaMutants } from '../support/schema-mutants.ts';
import { SCHEMA_VALID_SIGNED_ENTRY } from '../support/schema-valid-signed-entry.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const root = new URL('../../', import.meta.url).pathname;

/** Every YAML fixture of a folder (valid and invalid), parsed; those that do not parse are left out. */
const yamlValues = (folder: string): [string, unknown][] =>
  ['valid', 'invalid'].flatMap((kind) =>
    readdirSync(new URL(`${folder}/${kind}/`, FIXTURES))
      .filter((name) => name.endsWith('.yml'))
      .flatMap((name): [string, unknown][] => {
        try {
          return [
            [
              `${folder}/${kind}/${name}`,
              parse(readFileSync(new URL(`${folder}/${kind}/${name}`, FIXTURES), 'utf8'), {
                logLevel: 'error',
              }),
            ],
          ];
        } catch {
          return [];
        }
      }),
  );

const signed = SCHEMA_VALID_SIGNED_ENTRY;
const { entry } = signed;

const cases: [SchemaName, string, unknown][] = [
  ...yamlValues('config').map(([name, value]): [SchemaName, string, unknown] => [
    'config',
    name,
    value ?? {},
  ]),
  ['config', 'every key', SCHEMA_VALID_FULL_CONFIG],
  ['config', 'a number', 42],
  ['config', 'a bad timezone and unknown keys', { timezone: 7, nope: true, change_management: { x: 1 } }],
  ...yamlValues('change-requests').map(([name, value]): [SchemaName, string, unknown] => [
    'change-request',
    name,
    value,
  ]),
  ['history-entry', 'a signed entry', signed],
  [
    'history-entry',
    'a bad date and extra key',
    { ...signed, entry: { ...entry, at: 'yesterday' }, extra: 1 },
  ],
  ['history-entry#entry', 'an entry', entry],
  ['history-entry#entry', 'an entry without its event', { ...entry, event: undefined }],
  ['history-entry#entry', 'null', null],
];

/** Bundles `contents` (ESM source) into `dir/name`, as the action's build does; CommonJS for a `.cjs` name. */
const bundleInto = async (dir: string, name: string, contents: string): Promise<string> => {
  const cjs = name.endsWith('.cjs');
  const bundled = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    format: cjs ? 'cjs' : 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    // The errors file stays beside the bundle, loaded from there (as in action/dist).
    external: [`./${SCHEMA_ERRORS_FILE}`],
    ...(cjs
      ? {}
      : {
          banner: {
            js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
          },
        }),
  });
  const file = join(dir, name);
  writeFileSync(file, bundled.outputFiles[0]!.text);
  return file;
};

describe("the action bundle's schemas, compiled at build time", () => {
  let dir: string;
  /** The validators that describe every error (action/dist/schema-errors.cjs). */
  let described: (name: SchemaName, value: unknown) => unknown[];
  /** The bundles' schemaErrors: valid or not first, the errors from the file above only for an invalid value. */
  let precompiled: (name: SchemaName, value: unknown) => unknown[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-schemas-'));
    const errorsFile = await bundleInto(dir, SCHEMA_ERRORS_FILE, precompiledSchemasSource());
    ({ schemaErrors: described } = createRequire(import.meta.url)(errorsFile));
    const file = await bundleInto(dir, 'bundle.mjs', validityFirstSchemasSource(`./${SCHEMA_ERRORS_FILE}`));
    ({ schemaErrors: precompiled } = await import(pathToFileURL(file).href));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts and refuses as the schemas compiled at run time do', () => {
    const verdicts = cases.map(([schema, name, value]) => [
      schema,
      name,
      precompiled(schema, value).length === 0,
    ]);
    // The cases cover both answers of every schema.
    expect(verdicts.filter(([, , valid]) => valid).map(([schema]) => schema)).toEqual(
      expect.arrayContaining(['config', 'change-request', 'history-entry', 'history-entry#entry']),
    );
    expect(verdicts.filter(([, , valid]) => !valid).map(([schema]) => schema)).toEqual(
      expect.arrayContaining(['config', 'change-request', 'history-entry', 'history-entry#entry']),
    );
  });

  it.each(cases)(
    '%s: %s gives the same errors (paths, keywords, values, schemas)',
    (schema, _name, value) => {
      const expected = schemaErrors(schema, value);
      // The bundle's answer (valid or not, then the described errors) and the errors file's alone.
      expect(precompiled(schema, value)).toEqual(expected);
      expect(described(schema, value)).toEqual(expected);
    },
  );

  it('answers as the schemas compiled at run time on thousands of values one change away from valid ones', () => {
    // The bundle's validators are compiled from a copy of each schema split into $defs (splitSubschemas): the
    // same answer on every value, and the same errors (from the errors file) on every invalid one.
    const valid = (kind: string) =>
      yamlValues(kind)
        .filter(([name]) => name.includes('/valid/'))
        .map(([, value]) => value ?? {});
    const corpus: [SchemaName, unknown[]][] = [
      ['config', [SCHEMA_VALID_FULL_CONFIG, ...valid('config')].flatMap(schemaMutants)],
      ['change-request', valid('change-requests').flatMap(schemaMutants)],
      ['history-entry', schemaMutants(signed)],
      ['history-entry#entry', schemaMutants(entry)],
    ];
    for (const [schema, values] of corpus) {
      const differing = values.filter(
        (value) => JSON.stringify(precompiled(schema, value)) !== JSON.stringify(schemaErrors(schema, value)),
      );
      expect(differing, schema).toEqual([]);
      // Both answers, many times each.
      const validCount = values.filter((value) => schemaErrors(schema, value).length === 0).length;
      expect(validCount, schema).toBeGreaterThan(10);
      expect(values.length - validCount, schema).toBeGreaterThan(100);
    }
  });

  it('a bundle holding some schemas answers the others from the errors file: the same errors', async () => {
    const { schemaErrors: some } = await import(
      pathToFileURL(
        await bundleInto(
          dir,
          'config-only.mjs',
          validityFirstSchemasSource(`./${SCHEMA_ERRORS_FILE}`, ['config']),
        ),
      ).href
    );
    for (const [schema, , value] of cases) expect(some(schema, value)).toEqual(schemaErrors(schema, value));
  });

  it('loads the errors file only for an invalid value', async () => {
    const lazyDir = mkdtempSync(join(tmpdir(), 'change-gate-schemas-lazy-'));
    try {
      // No errors file beside this bundle: a valid value never asks for it, an invalid one fails loudly.
      const file = await bundleInto(
        lazyDir,
        'bundle.mjs',
        validityFirstSchemasSource(`./${SCHEMA_ERRORS_FILE}`),
      );
      const { schemaErrors: alone } = await import(pathToFileURL(file).href);
      expect(alone('config', {})).toEqual([]);
      expect(() => alone('config', 42)).toThrow(/schema-errors\.cjs/);
    } finally {
      rmSync(lazyDir, { recursive: true, force: true });
    }
  });

  it('keeps a value invalid when the errors file finds nothing to say (the two never disagree; if they did)', async () => {
    const oddDir = mkdtempSync(join(tmpdir(), 'change-gate-schemas-odd-'));
    try {
      writeFileSync(join(oddDir, SCHEMA_ERRORS_FILE), 'exports.schemaErrors = () => [];\n');
      const file = await bundleInto(
        oddDir,
        'bundle.mjs',
        validityFirstSchemasSource(`./${SCHEMA_ERRORS_FILE}`),
      );
      const { schemaErrors: odd } = await import(pathToFileURL(file).href);
      expect(odd('config', 42)).toEqual([
        expect.objectContaining({ instancePath: '', keyword: 'valid', message: 'is not valid' }),
      ]);
      expect(odd('config', {})).toEqual([]);
    } finally {
      rmSync(oddDir, { recursive: true, force: true });
    }
  });
});
