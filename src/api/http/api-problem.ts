/** One bad field of a request body: a JSON pointer into it and what is wrong there. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** The problem classes the API answers with, each with its status and title (RFC 9457 `type` is derived). */
export const PROBLEMS = {
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Invalid transition' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  bad_gateway: { status: 502, title: 'GitHub could not be read' },
  internal: { status: 500, title: 'Internal error' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

/** A refusal a route throws; the handler turns it into `application/problem+json`. */
export class ApiProblem extends Error {
  readonly kind: ProblemKind;
  readonly errors: FieldError[] | undefined;
  /** The rule that refused (403, 409), machine-readable. */
  readonly rule: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    kind: ProblemKind,
    detail: string,
    options: { errors?: FieldError[]; rule?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.kind = kind;
    this.errors = options.errors;
    this.rule = options.rule;
    this.headers = options.headers ?? {};
  }
}

/** The RFC 9457 body of a problem. */
export const problemBody = (problem: ApiProblem, instance: string): Record<string, unknown> => {
  const { status, title } = PROBLEMS[problem.kind];
  return {
    type: `https://change-gate.dev/problems/${problem.kind.replaceAll('_', '-')}`,
    title,
    status,
    detail: problem.message,
    instance,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.rule ? { rule: problem.rule } : {}),
  };
};
