import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createPathMatcher } from '../http/path-matcher.ts';
import { loadOpenApiDocument, type OpenApiDocument } from './openapi-document.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under `default` in some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => void;

export interface OperationRef {
  method: string;
  template: string;
  operationId: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const pointer = (...parts: string[]): string =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

const formatErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .slice(0, 8)
    .map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String(e.params.additionalProperty)})`
          : e.keyword === 'required'
            ? ''
            : e.keyword === 'enum'
              ? ` (${JSON.stringify(e.params.allowedValues)})`
              : '';
      return `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');

/** Validation against GitHub's REST description; compiled lazily per operation and shared by the process. */
export interface OpenApiValidator {
  document: OpenApiDocument;
  matchOperation(method: string, path: string): OperationRef | undefined;
  /** null when valid, else a readable reason. */
  checkRequestBody(operation: OperationRef, body: unknown): string | null;
  checkResponseBody(operation: OperationRef, options: { status: number; body: unknown }): string | null;
  checkWebhook(options: { event: string; action?: string; payload: unknown }): string | null;
}

let shared: OpenApiValidator | undefined;

export const getOpenApiValidator = (): OpenApiValidator => {
  if (shared) return shared;
  const document = loadOpenApiDocument();
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  // GitHub marks URL templates (`…{/number}`) as `uri` and sends "" for unset URLs: accept both, as its clients do.
  ajv.addFormat('uri', /^(?:[a-z][a-z0-9+.-]*:\S*)?$/i);
  for (const name of [
    'int32',
    'int64',
    'repo.nwo',
    'binary',
    'ssh-key',
    'ssh-key fingerprint',
    'ip/cidr',
    'timestamp',
  ]) {
    ajv.addFormat(name, true);
  }
  ajv.addSchema(
    { paths: document.paths, components: document.components, 'x-webhooks': document['x-webhooks'] },
    'openapi',
  );
  const compiled = new Map<string, ValidateFunction | null>();
  const validatorAt = (path: string[], exists: boolean): ValidateFunction | null => {
    const ref = `openapi#/${pointer(...path)}`;
    if (!compiled.has(ref)) compiled.set(ref, exists ? ajv.compile({ $ref: ref }) : null);
    return compiled.get(ref) ?? null;
  };

  const matcher = createPathMatcher<OperationRef>([]);
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      matcher.add(method.toUpperCase(), template, {
        method: method.toUpperCase(),
        template,
        operationId: operation.operationId ?? `${method} ${template}`,
      });
    }
  }
  const operationOf = (ref: OperationRef) => document.paths[ref.template]?.[ref.method.toLowerCase()];

  shared = {
    document,
    matchOperation: (method, path) => matcher.match(method, path)?.value,
    checkRequestBody(ref, body) {
      const schema = operationOf(ref)?.requestBody?.content?.['application/json']?.schema;
      if (!schema) return null;
      const validate = validatorAt(
        [
          'paths',
          ref.template,
          ref.method.toLowerCase(),
          'requestBody',
          'content',
          'application/json',
          'schema',
        ],
        true,
      );
      if (!validate || validate(body)) return null;
      return `request body does not match ${ref.operationId}: ${formatErrors(validate.errors)}`;
    },
    checkResponseBody(ref, { status, body }) {
      const response = operationOf(ref)?.responses?.[String(status)];
      if (!response) {
        const documented = Object.keys(operationOf(ref)?.responses ?? {}).join(', ');
        return `status ${status} is not documented for ${ref.operationId} (documented: ${documented})`;
      }
      const schema = response.content?.['application/json']?.schema;
      if (!schema) return null;
      const validate = validatorAt(
        [
          'paths',
          ref.template,
          ref.method.toLowerCase(),
          'responses',
          String(status),
          'content',
          'application/json',
          'schema',
        ],
        true,
      );
      if (!validate || validate(body)) return null;
      return `response body does not match ${ref.operationId} (${status}): ${formatErrors(validate.errors)}`;
    },
    checkWebhook({ event, action, payload }) {
      const key = [event.replace(/_/g, '-'), action].filter(Boolean).join('-');
      const schema = document['x-webhooks']?.[key]?.post?.requestBody?.content?.['application/json']?.schema;
      if (!schema) return null;
      const validate = validatorAt(
        ['x-webhooks', key, 'post', 'requestBody', 'content', 'application/json', 'schema'],
        true,
      );
      if (!validate || validate(payload)) return null;
      return `webhook ${key} payload does not match GitHub's schema: ${formatErrors(validate.errors)}`;
    },
  };
  return shared;
};
