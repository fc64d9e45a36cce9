import { describe, expect, it } from 'vitest';
import configSchema from '../../../../schemas/config.schema.json' with { type: 'json' };
import historyEntrySchema from '../../../../schemas/history-entry.schema.json' with { type: 'json' };
import { splitSubschemas } from '../../../../src/core/validation/split-subschemas.ts';

describe('splitSubschemas', () => {
  it('moves each object or array subschema to $defs, referenced from where it was, without annotations', () => {
    const split = splitSubschemas({
      $id: 'https://example.test/s.json',
      description: 'root',
      type: 'object',
      properties: {
        name: { description: 'a name', type: 'string', minLength: 1 },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        owner: {
          type: 'object',
          required: ['login'],
          properties: {
            login: { $ref: '#/$defs/login' },
            teams: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      $defs: { login: { title: 'login', type: 'string', pattern: '^[a-z]+$' } },
    });
    expect(split).toEqual({
      $id: 'https://example.test/s.json',
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        tags: { $ref: '#/$defs/split_tags' },
        owner: { $ref: '#/$defs/split_owner' },
      },
      $defs: {
        login: { type: 'string', pattern: '^[a-z]+$' },
        split_tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        split_owner: {
          type: 'object',
          required: ['login'],
          properties: { login: { $ref: '#/$defs/login' }, teams: { $ref: '#/$defs/split_owner_teams' } },
        },
        split_owner_teams: { type: 'array', items: { type: 'string' } },
      },
    });
  });

  it('keeps the names of the schema’s own $defs (other schemas refer to them), splitting inside them', () => {
    const split = splitSubschemas(historyEntrySchema);
    expect(Object.keys(split.$defs as object)).toEqual(
      expect.arrayContaining(Object.keys(historyEntrySchema.$defs)),
    );
    expect((split.$defs as Record<string, unknown>).entry).toMatchObject({ type: 'object' });
  });

  it('gives every key of change_management a validator of its own when it has a structure', () => {
    const split = splitSubschemas(configSchema) as typeof configSchema;
    const managed = (split.$defs as Record<string, { properties?: Record<string, { $ref?: string }> }>)
      .split_change_management;
    expect(split.properties.change_management).toEqual({ $ref: '#/$defs/split_change_management' });
    expect(managed?.properties?.testing).toEqual({ $ref: '#/$defs/split_change_management_testing' });
    expect(managed?.properties?.label).toEqual({ type: 'string', minLength: 1, maxLength: 50 });
  });

  it('leaves the schema it is given unchanged', () => {
    const before = JSON.stringify(configSchema);
    splitSubschemas(configSchema);
    expect(JSON.stringify(configSchema)).toBe(before);
  });

  it('refuses what would change meaning when moved: an $id or anchor inside, a pointer outside $defs', () => {
    expect(() =>
      splitSubschemas({
        type: 'object',
        properties: { a: { $id: 'a.json', type: 'object', properties: {} } },
      }),
    ).toThrow(/\$id at \/a/);
    expect(() =>
      splitSubschemas({ type: 'object', properties: { a: { $anchor: 'x', type: 'string' } } }),
    ).toThrow(/\$anchor/);
    expect(() =>
      splitSubschemas({
        type: 'object',
        properties: { a: { type: 'object', properties: {} }, b: { $ref: '#/properties/a' } },
      }),
    ).toThrow(/#\/properties\/a/);
    // Through another document's URI too (it may be split as well), while its $defs entries stay reachable.
    expect(() =>
      splitSubschemas({ type: 'object', properties: { b: { $ref: 'other.json#/properties/a' } } }),
    ).toThrow(/other\.json#\/properties\/a/);
    expect(() =>
      splitSubschemas({ type: 'object', properties: { b: { $ref: 'other.json#/$defs/entry' } } }),
    ).not.toThrow();
  });
});
