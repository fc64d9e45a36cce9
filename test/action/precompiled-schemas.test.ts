import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { precompiledSchemasSource } from '../../scripts/precompiled-schemas.ts';
import type { SchemaName } from '../../src/core/validation/schema-ajv.ts';
import { schemaErrors } from '../../src/core/validation/schema-validators.ts';
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

describe("the action bundle's schemas, compiled at build time", () => {
  let dir: string;
  let precompiled: (name: SchemaName, value: unknown) => unknown[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-schemas-'));
    const bundled = await build({
      stdin: { contents: precompiledSchemasSource(), resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    const file = join(dir, 'schemas.mjs');
    writeFileSync(file, bundled.outputFiles[0]!.text);
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
      expect(precompiled(schema, value)).toEqual(schemaErrors(schema, value));
    },
  );
});
