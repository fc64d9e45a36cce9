import { expect } from 'vitest';
import { apiSchemaErrors } from '../../../src/api/http/validate-api-body.ts';
import { type ApiComponent, openApiDocument } from '../../../src/api/openapi/openapi-document.ts';

export interface ApiAnswer {
  status: number;
  contentType: string;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read any field of an answer
  body: any;
}

type Operation = { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };

/** The response schema the OpenAPI description gives for a path, method and status (null: none documented). */
const documented = (
  path: string,
  method: string,
  status: number,
): { type: string; component: ApiComponent | null } => {
  const paths = openApiDocument.paths as unknown as Record<string, Record<string, Operation>>;
  const template = Object.keys(paths).find((candidate) =>
    new RegExp(`^${candidate.replace(/\{\w+\}/g, '[^/]+')}$`).test(path),
  );
  if (!template) throw new Error(`${path} is not in the OpenAPI description`);
  const operation = paths[template]![method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not in the OpenAPI description`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${template} does not document status ${status}`);
  const [type, media] = Object.entries(response.content ?? {})[0] ?? ['', {}];
  const ref = media?.schema?.$ref;
  return { type, component: ref ? (ref.split('/').at(-1) as ApiComponent) : null };
};

/**
 * Calls the app's REST API and checks the answer against the OpenAPI description: the status is documented
 * for the operation, the media type is the documented one, and the body validates against its schema.
 */
export const callApi = async (options: {
  appUrl: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}): Promise<ApiAnswer> => {
  const response = await fetch(`${options.appUrl}${options.path}`, {
    method: options.method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined || options.rawBody !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...options.headers,
    },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  const text = await response.text();
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!;
  const body = text ? JSON.parse(text) : null;
  const pathOnly = options.path.split('?')[0]!;
  if (options.method !== 'PUT') {
    const expected = documented(pathOnly, options.method, response.status);
    expect(contentType, `${options.method} ${pathOnly} → ${response.status}: media type`).toBe(expected.type);
    if (expected.component) {
      expect(
        apiSchemaErrors(expected.component, body),
        `${options.method} ${pathOnly} → ${response.status} body`,
      ).toEqual([]);
    }
  }
  return { status: response.status, contentType, headers: response.headers, body };
};
