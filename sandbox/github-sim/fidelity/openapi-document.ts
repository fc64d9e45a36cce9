import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface OpenApiDocument {
  file: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, unknown>;
  'x-webhooks'?: Record<string, Record<string, OpenApiOperation>>;
}

export interface OpenApiOperation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The newest GitHub Enterprise Server description shipped by `@octokit/openapi` (not the dereferenced copy). */
export const findGhesDescription = (): string => {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@octokit/openapi/package.json')), 'generated');
  const versions = readdirSync(dir)
    .map((name) => /^ghes-(\d+)\.(\d+)\.json$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]));
  const newest = versions.at(-1);
  if (!newest) throw new Error(`github-sim: no ghes-*.json REST description in ${dir}`);
  return join(dir, newest[0]);
};

/**
 * OpenAPI 3.0's `nullable` becomes plain JSON Schema so that ajv needs no OpenAPI knowledge:
 * `type: 'x', nullable` → `type: ['x', 'null']` (and `null` joins an `enum`); without a type the
 * schema becomes `anyOf: [schema, {type: 'null'}]`.
 */
const normaliseNullable = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(normaliseNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = normaliseNullable(value);
  // The description inlines an installation's `account` as allOf[Simple User, Enterprise], which no
  // real account satisfies (an organisation has no enterprise `slug`); GitHub means "one of them".
  if (Array.isArray(out.allOf) && isUserOrEnterprise(out.allOf)) {
    out.anyOf = out.allOf;
    delete out.allOf;
  }
  // Webhook schemas enumerate an app's events without `deployment_protection_rule`, an event GitHub
  // documents for apps (it is how custom deployment protection rules work).
  if (
    Array.isArray(out.enum) &&
    out.enum.includes('deployment_status') &&
    !out.enum.includes('deployment_protection_rule')
  ) {
    out.enum = [...out.enum, 'deployment_protection_rule'];
  }
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
};

const isUserOrEnterprise = (members: unknown[]): boolean =>
  members.length === 2 &&
  members.some((m) => (m as { title?: string })?.title === 'Simple User') &&
  members.some((m) => (m as { title?: string })?.title === 'Enterprise');

let cached: OpenApiDocument | undefined;

/** Parsed once per process: the file is large and never changes. */
export const loadOpenApiDocument = (): OpenApiDocument => {
  if (cached) return cached;
  const file = findGhesDescription();
  const raw = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  cached = {
    file,
    paths: normaliseNullable(raw.paths) as OpenApiDocument['paths'],
    components: normaliseNullable(raw.components) as OpenApiDocument['components'],
    'x-webhooks': normaliseNullable(raw['x-webhooks'] ?? {}) as NonNullable<OpenApiDocument['x-webhooks']>,
  };
  return cached;
};
