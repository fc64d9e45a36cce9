import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import changeRequestSchema from '../../../../schemas/change-request.schema.json' with { type: 'json' };
import configSchema from '../../../../schemas/config.schema.json' with { type: 'json' };
import {
  CHANGE_TYPES,
  CLASSIFICATIONS,
  PRIORITIES,
  RISK_LEVELS,
  URGENCIES,
} from '../../../../src/core/change-request/change.ts';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { schemaErrors } from '../../../../src/core/validation/schema-validators.ts';

const FIXTURES = new URL('../../../fixtures/', import.meta.url);
const yamlFixtures = (folder: string) =>
  readdirSync(new URL(`${folder}/`, FIXTURES))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => [name, readFileSync(new URL(`${folder}/${name}`, FIXTURES), 'utf8')] as const);

/** Every subschema that declares or references a shape, with its JSON pointer. */
function* subschemas(schema: unknown, pointer = '#'): Generator<[string, Record<string, unknown>]> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
  const node = schema as Record<string, unknown>;
  yield [pointer, node];
  for (const key of ['properties', '$defs'] as const) {
    for (const [name, child] of Object.entries((node[key] as Record<string, unknown>) ?? {})) {
      yield* subschemas(child, `${pointer}/${key}/${name}`);
    }
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) {
    if (typeof node[key] === 'object') yield* subschemas(node[key], `${pointer}/${key}`);
  }
}

describe.each([
  ['change-request', changeRequestSchema],
  ['config', configSchema],
] as const)('schemas/%s.schema.json', (_name, schema) => {
  it('is a strict JSON Schema 2020-12 with an $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/^https:\/\/.+\.schema\.json$/);
    const ajv = new Ajv2020({ strict: true });
    (addFormatsPlugin as unknown as (ajv: Ajv2020) => void)(ajv);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('describes every property, item and definition', () => {
    const undescribed = [...subschemas(schema)]
      .filter(([pointer]) => pointer !== '#/propertyNames' && !pointer.endsWith('/propertyNames'))
      .filter(([, node]) => typeof node.description !== 'string' || node.description.length < 5)
      .map(([pointer]) => pointer);
    expect(undescribed).toEqual([]);
  });

  it('closes every object to unknown keys except maps keyed by the user', () => {
    const open = [...subschemas(schema)]
      .filter(([, node]) => node.type === 'object' && node.additionalProperties !== false)
      .map(([pointer]) => pointer);
    expect(open).toEqual(schema === configSchema ? ['#/properties/change_management/properties/roles'] : []);
  });
});

describe('change request schema', () => {
  const form = changeRequestSchema.properties.change_request.properties;

  it('takes its enums from the contract types', () => {
    expect(form.priority.enum).toEqual([...PRIORITIES]);
    expect(form.urgency.enum).toEqual([...URGENCIES]);
    expect(form.classification.enum).toEqual([...CLASSIFICATIONS]);
    expect(form.risk_level.enum).toEqual([...RISK_LEVELS]);
  });

  it.each(yamlFixtures('change-requests/valid'))('accepts the fixture %s', (_name, text) => {
    expect(schemaErrors('change-request', parse(text))).toEqual([]);
  });

  it('rejects an unknown key at the form instancePath, naming the key', () => {
    const errors = schemaErrors('change-request', {
      change_request: { title: 'x', change_type: 'feature', priority: 'low', priorty: 'low' },
    });
    expect(errors.map((error) => [error.instancePath, error.keyword, error.params])).toEqual([
      ['/change_request', 'additionalProperties', { additionalProperty: 'priorty' }],
    ]);
  });

  it('requires title, change_type and priority', () => {
    const errors = schemaErrors('change-request', { change_request: {} });
    expect(errors.map((error) => (error.params as { missingProperty: string }).missingProperty)).toEqual([
      'title',
      'change_type',
      'priority',
    ]);
  });
});

describe('config schema', () => {
  const management = configSchema.properties.change_management.properties;

  it('covers every key of the Policy type, and the defaults validate', () => {
    expect(Object.keys(management).sort()).toEqual(Object.keys(defaultPolicy()).sort());
    expect(schemaErrors('config', { change_management: defaultPolicy() })).toEqual([]);
  });

  it('lists the procedure change types as its default', () => {
    expect(defaultPolicy().change_types).toEqual([...CHANGE_TYPES]);
  });

  it.each(yamlFixtures('config/valid'))('accepts the fixture %s', (_name, text) => {
    expect(schemaErrors('config', parse(text) ?? {})).toEqual([]);
  });

  it('rejects an unknown key at the right instancePath', () => {
    const errors = schemaErrors('config', { change_management: { testing: { coverage: 80 } } });
    expect(errors.map((error) => [error.instancePath, error.params])).toEqual([
      ['/change_management/testing', { additionalProperty: 'coverage' }],
    ]);
  });

  it('rejects an unknown approval level and a malformed duration', () => {
    const errors = schemaErrors('config', {
      change_management: { approval_workflow: { urgent: {}, low: { approval_timeout: '1w' } } },
    });
    expect(errors.map((error) => [error.instancePath, error.keyword])).toEqual([
      ['/change_management/approval_workflow', 'additionalProperties'],
      ['/change_management/approval_workflow/low/approval_timeout', 'pattern'],
    ]);
  });
});
