import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import auditExportSchema from '../../../../schemas/audit-export.schema.json' with { type: 'json' };
import changeRequestSchema from '../../../../schemas/change-request.schema.json' with { type: 'json' };
import configSchema from '../../../../schemas/config.schema.json' with { type: 'json' };
import historyEntrySchema from '../../../../schemas/history-entry.schema.json' with { type: 'json' };
import {
  CHANGE_TYPES,
  CLASSIFICATIONS,
  PRIORITIES,
  RISK_LEVELS,
  URGENCIES,
} from '../../../../src/core/change-request/change.ts';
import { HISTORY_EVENTS } from '../../../../src/core/history/history-entry.ts';
import { signedEntryProblem } from '../../../../src/core/history/signed-entry-problem.ts';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { schemaErrors } from '../../../../src/core/validation/schema-validators.ts';
import { SCHEMA_VALID_SIGNED_ENTRY } from '../../../support/schema-valid-signed-entry.ts';

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

/** Objects whose keys the writer chooses: a config's role names, a history entry's event details. */
const OPEN_OBJECTS: Record<string, string[]> = {
  'change-request': [],
  config: [
    '#/properties/change_management/properties/notifications/properties/email/properties/to',
    '#/properties/change_management/properties/notifications/properties/slack/properties/webhook_url_env',
    '#/properties/change_management/properties/roles',
    '#/properties/change_management/properties/escalation/properties/contacts',
  ],
  'history-entry': ['#/$defs/entry/properties/data'],
  'audit-export': [],
};

describe.each([
  ['change-request', changeRequestSchema],
  ['config', configSchema],
  ['history-entry', historyEntrySchema],
  ['audit-export', auditExportSchema],
] as const)('schemas/%s.schema.json', (name, schema) => {
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
    expect(open).toEqual(OPEN_OBJECTS[name]);
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

describe('history entry schema', () => {
  const entrySchema = historyEntrySchema.$defs.entry;
  const valid = SCHEMA_VALID_SIGNED_ENTRY;
  const withEntry = (entry: Record<string, unknown>) => ({ ...valid, entry: { ...valid.entry, ...entry } });
  const without = (key: string) => ({
    ...valid,
    entry: Object.fromEntries(Object.entries(valid.entry).filter(([name]) => name !== key)),
  });
  const pointers = (value: unknown) =>
    schemaErrors('history-entry', value).map((error) => [error.instancePath, error.keyword, error.params]);

  it('takes its events and fields from the HistoryEntry type', () => {
    expect(entrySchema.properties.event.enum).toEqual([...HISTORY_EVENTS]);
    expect(entrySchema.required).toEqual(Object.keys(valid.entry));
    expect(Object.keys(entrySchema.properties)).toEqual(Object.keys(valid.entry));
    expect(historyEntrySchema.required).toEqual(['entry', 'signature', 'key_id']);
    expect(schemaErrors('history-entry', valid)).toEqual([]);
  });

  it('reports an unknown field, a wrong type and a missing field with their JSON pointer', () => {
    expect(pointers(withEntry({ approved: true }))).toEqual([
      ['/entry', 'additionalProperties', { additionalProperty: 'approved' }],
    ]);
    expect(pointers({ ...valid, admin: true })).toEqual([
      ['', 'additionalProperties', { additionalProperty: 'admin' }],
    ]);
    expect(pointers(withEntry({ head_sha: 42 }))).toEqual([
      ['/entry/head_sha', 'type', { type: ['string', 'null'] }],
    ]);
    expect(pointers(withEntry({ data: [] }))).toEqual([['/entry/data', 'type', { type: 'object' }]]);
    expect(pointers(without('prev'))).toEqual([['/entry', 'required', { missingProperty: 'prev' }]]);
    expect(pointers(withEntry({ at: '2026-02-30T10:00:00Z' }))).toEqual([
      ['/entry/at', 'format', { format: 'date-time' }],
    ]);
  });

  it('gives the reader its message for each, at the same pointer', () => {
    expect(signedEntryProblem(valid)).toBeNull();
    expect(signedEntryProblem(withEntry({ approved: true }))).toEqual({
      path: '/entry/approved',
      message: 'unexpected field',
    });
    expect(signedEntryProblem(withEntry({ head_sha: 42 }))).toEqual({
      path: '/entry/head_sha',
      message: 'expected a commit SHA or null',
    });
    expect(signedEntryProblem(withEntry({ event: 'deleted' }))).toEqual({
      path: '/entry/event',
      message: 'unknown event "deleted"',
    });
    expect(signedEntryProblem(withEntry({ at: '2026-02-30T10:00:00Z' }))).toEqual({
      path: '/entry/at',
      message: 'expected an ISO 8601 time',
    });
    expect(signedEntryProblem(without('prev'))).toEqual({ path: '/entry/prev', message: 'missing' });
    expect(signedEntryProblem(withEntry({ 'a/b~c': 1 }))).toEqual({
      path: '/entry/a~1b~0c',
      message: 'unexpected field',
    });
    expect(signedEntryProblem({ ...valid, entry: 'x' })).toEqual({
      path: '/entry',
      message: 'expected an object',
    });
    expect(signedEntryProblem(null)).toEqual({ path: '/', message: 'expected an object' });
  });

  it('reports, of several problems, those of an object before those of its fields', () => {
    const many = { ...withEntry({ v: 2, extra: 1, head_sha: 42 }), signature: '!' };
    expect(signedEntryProblem(many)).toEqual({
      path: '/signature',
      message: 'expected a base64url signature',
    });
    expect(signedEntryProblem({ ...many, admin: 1 })).toEqual({
      path: '/admin',
      message: 'unexpected field',
    });
    expect(signedEntryProblem({ ...many, signature: valid.signature })).toEqual({
      path: '/entry/extra',
      message: 'unexpected field',
    });
  });
});
