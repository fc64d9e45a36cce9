/** A response GitHub would give instead of the resource: thrown by routes, rendered by the server. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(options: {
    status: number;
    message: string;
    errors?: unknown[];
    documentationUrl?: string;
    headers?: Record<string, string>;
  }) {
    super(options.message);
    this.status = options.status;
    this.headers = options.headers ?? {};
    this.body = {
      message: options.message,
      ...(options.errors ? { errors: options.errors } : {}),
      documentation_url: options.documentationUrl ?? 'https://docs.github.com/enterprise-server@3.19/rest',
      status: String(options.status),
    };
  }
}

export const notFound = (): HttpError => new HttpError({ status: 404, message: 'Not Found' });

/** GitHub's 422: `{ message: 'Validation Failed', errors: [{ resource, field, code }] }`. */
export const validationFailed = (options: {
  resource: string;
  field: string;
  code?: string;
  message?: string;
}) =>
  new HttpError({
    status: 422,
    message: 'Validation Failed',
    errors: [
      {
        resource: options.resource,
        field: options.field,
        code: options.code ?? 'invalid',
        ...(options.message ? { message: options.message } : {}),
      },
    ],
  });
