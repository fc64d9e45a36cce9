import type { ErrorObject } from 'ajv/dist/2020.js';
import { closestName } from './closest-name.ts';
import { describeValue, quote } from './describe-value.ts';
import type { LocatedIssue } from './located-issue.ts';

const EXPECTED_TYPE: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
  null: 'an empty value',
};

const FORMAT_HINT: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time like 2025-01-28T02:00:00Z',
};

export interface SchemaIssueOptions {
  /** Extra hint for an unknown key at the root, e.g. a key that belongs under `change_management:`. */
  rootKeyHint?: (key: string) => string | null;
}

/**
 * Turns ajv's errors into messages a person can act on: the key, what was found, what is expected.
 * Wrapper errors that only repeat an inner one (`propertyNames`) are dropped.
 */
export function schemaIssues(errors: ErrorObject[], options: SchemaIssueOptions = {}): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const issue = schemaIssue(error, options);
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function schemaIssue(error: ErrorObject, options: SchemaIssueOptions): LocatedIssue | null {
  const path = error.instancePath;
  const name = displayName(path);
  const value: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const issue = (message: string, target: 'key' | 'value' = 'value', at = path): LocatedIssue => ({
    path: at,
    target,
    message,
    severity: 'error',
  });
  if (error.propertyName !== undefined) {
    // An invalid key of a map (propertyNames): point at the key itself.
    const expected =
      typeof parentSchema.description === 'string'
        ? `; expected ${lowerFirst(parentSchema.description)}`
        : '';
    return issue(
      `${name}: key ${quote(error.propertyName)} is not valid${expected}`,
      'key',
      `${path}/${escapePointer(error.propertyName)}`,
    );
  }
  switch (error.keyword) {
    case 'propertyNames':
      return null;
    case 'required': {
      const missing = String(params.missingProperty);
      return issue(`${name}: missing required key ${quote(missing)}`, 'key');
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((parentSchema.properties as Record<string, unknown> | undefined) ?? {});
      const guess = closestName(key, known);
      const rootHint = path === '' ? options.rootKeyHint?.(key) : null;
      const hint = rootHint ? ` (${rootHint})` : guess ? ` (did you mean ${quote(guess)}?)` : '';
      const allowed = known.length > 0 && known.length <= 30 ? `; allowed keys: ${known.join(', ')}` : '';
      return issue(
        `${name}: unknown key ${quote(key)}${hint}${hint ? '' : allowed}`,
        'key',
        `${path}/${escapePointer(key)}`,
      );
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return issue(`${name}: ${quote(value)} is not one of ${allowed}`);
    }
    case 'type': {
      const types = String(params.type).split(',');
      const expected = types.map((type) => EXPECTED_TYPE[type] ?? type).join(' or ');
      return issue(`${name}: expected ${expected}, got ${describeValue(value)}`);
    }
    case 'minLength':
      return issue(
        params.limit === 1
          ? `${name}: must not be empty`
          : `${name}: must be at least ${params.limit} characters long`,
      );
    case 'maxLength':
      return issue(`${name}: must be at most ${params.limit} characters long (is ${String(value).length})`);
    case 'minItems':
      return issue(`${name}: must list at least ${params.limit} ${params.limit === 1 ? 'item' : 'items'}`);
    case 'maxItems':
      return issue(`${name}: must list at most ${params.limit} items`);
    case 'uniqueItems': {
      const duplicate = Array.isArray(value) ? value[Number(params.i)] : undefined;
      return issue(`${name}: ${quote(duplicate)} is listed twice`, 'value', `${path}/${String(params.i)}`);
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return issue(`${name}: ${quote(value)} is below the minimum of ${params.limit}`);
    case 'maximum':
    case 'exclusiveMaximum':
      return issue(`${name}: ${quote(value)} is above the maximum of ${params.limit}`);
    case 'pattern': {
      const described =
        typeof parentSchema.description === 'string'
          ? lowerFirst(parentSchema.description)
          : `text matching ${params.pattern}`;
      return issue(`${name}: ${quote(value)} is not valid; expected ${described}`);
    }
    case 'format': {
      const format = String(params.format);
      return issue(`${name}: ${quote(value)} is not ${FORMAT_HINT[format] ?? `a valid ${format}`}`);
    }
    default:
      return issue(`${name}: ${error.message ?? 'is not valid'}`);
  }
}

/** The name a message uses for a path: its last key, with the index for list items (`approvers[1]`). */
export function displayName(path: string): string {
  const segments = path.split('/').slice(1).map(unescapePointer);
  if (segments.length === 0) return 'top level';
  let name = '';
  for (const segment of segments) name = /^\d+$/.test(segment) && name ? `${name}[${segment}]` : segment;
  return name;
}

function lowerFirst(text: string): string {
  const trimmed = text.replace(/\.$/, '');
  return /^[A-Z](?![A-Z])/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
