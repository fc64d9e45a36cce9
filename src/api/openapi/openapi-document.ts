import {
  approveBody,
  approveResponse,
  changeListResponse,
  changeResponse,
  completeBody,
  completeResponse,
  createChangeRequestBody,
  createChangeRequestResponse,
  historyResponse,
  implementBody,
  implementResponse,
  problemDetails,
  reportResponse,
} from './api-schemas.ts';

/** Where the API lives on the app's own HTTP server. */
export const API_BASE = '/api/v1/change-management';

/** Component schemas by name: the OpenAPI document refers to them, ajv compiles them. */
export const API_COMPONENTS = {
  CreateChangeRequest: createChangeRequestBody,
  CreateChangeRequestResponse: createChangeRequestResponse,
  Approve: approveBody,
  ApproveResponse: approveResponse,
  Implement: implementBody,
  ImplementResponse: implementResponse,
  Complete: completeBody,
  CompleteResponse: completeResponse,
  Change: changeResponse,
  ChangeList: changeListResponse,
  ChangeHistory: historyResponse,
  Report: reportResponse,
  Problem: problemDetails,
} as const;

export type ApiComponent = keyof typeof API_COMPONENTS;

const ref = (name: ApiComponent) => ({ $ref: `#/components/schemas/${name}` });

const json = (name: ApiComponent) => ({ content: { 'application/json': { schema: ref(name) } } });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const ERRORS = {
  '401': problem('No bearer token, or one that is invalid, expired or signed by an unknown key.'),
  '429': problem('Too many requests from this caller: retry after `Retry-After` seconds.'),
  '500': problem('An unexpected error (logged); nothing is said of its internals.'),
  '502': problem(
    'GitHub could not be read or written (or asked who a token belongs to): nothing was decided.',
  ),
};

const BODY_ERRORS = {
  '400': problem('The body is not JSON, or a parameter is malformed.'),
  '413': problem('The body is larger than the limit.'),
  '415': problem('The body is not `application/json`.'),
  '422': problem('The body does not match the schema: `errors` points at each field.'),
};

const repositoryParameter = (required: boolean) => ({
  name: 'repository',
  in: 'query',
  required,
  description: 'The repository (`owner/name`); may be given in the body of a POST instead.',
  schema: { type: 'string' },
});

const changeIdParameter = {
  name: 'change_id',
  in: 'path',
  required: true,
  description: 'The change ID, `CHG-<year>-<number>`.',
  schema: { type: 'string', pattern: '^CHG-[0-9]{4}-[0-9]{3,}$' },
};

const move = (options: {
  summary: string;
  body: ApiComponent;
  response: ApiComponent;
  forbidden: string;
  conflict?: string;
}) => ({
  post: {
    summary: options.summary,
    parameters: [changeIdParameter, repositoryParameter(false)],
    requestBody: { required: true, ...json(options.body) },
    responses: {
      '200': { description: 'Recorded.', ...json(options.response) },
      ...BODY_ERRORS,
      ...ERRORS,
      '403': problem(
        `${options.forbidden} Also a user token that cannot itself read the repository (rule \`token_repository_access\`).`,
      ),
      '404': problem(
        'No such change in the repository, or the caller cannot read the repository, or the app is not installed on it: one answer, "change not found, or not visible to you".',
      ),
      ...(options.conflict ? { '409': problem(options.conflict) } : {}),
    },
  },
});

/**
 * The OpenAPI 3.1 description of the API, built from the schemas of api-schemas.ts. Served at
 * `…/openapi.json` and written to `schemas/change-management-api.openapi.json` (a test keeps them equal).
 */
export const openApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Change Gate — Change Management API',
    version: '1.0.0',
    description:
      "The change-management procedure's API, served by the Change Gate app on its own HTTP server. Every call carries `Authorization: Bearer` with a GitHub user token or a GitHub Actions OIDC token. Errors are RFC 9457 problem details.",
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    [`${API_BASE}/change-requests`]: {
      post: {
        summary: 'Create a change request (an issue, or the form on an open pull request).',
        parameters: [repositoryParameter(false)],
        requestBody: { required: true, ...json('CreateChangeRequest') },
        responses: {
          '201': { description: 'Created.', ...json('CreateChangeRequestResponse') },
          ...BODY_ERRORS,
          ...ERRORS,
          '403': problem(
            'The caller has no write access to the repository, used an OIDC token, or a user token that cannot itself read the repository (rule `token_repository_access`).',
          ),
          '404': problem(
            'The repository or pull request does not exist, the caller cannot read the repository, or the app is not installed on it.',
          ),
          '409': problem(
            'The pull request already carries a change request, was already filed through the API (rule `filed_once`), or is closed.',
          ),
        },
      },
      get: {
        summary: 'List change requests of a repository (open and closed), newest first.',
        parameters: [
          repositoryParameter(true),
          { name: 'status', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'priority', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'type', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
          {
            name: 'per_page',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 100 },
          },
        ],
        responses: {
          '200': { description: 'One page.', ...json('ChangeList') },
          '400': problem('A query parameter is malformed.'),
          ...ERRORS,
          '403': problem('The caller cannot read the repository.'),
          '404': problem('The repository does not exist, or the app is not installed on it.'),
        },
      },
    },
    [`${API_BASE}/change-requests/{change_id}`]: {
      get: {
        summary: 'Where one change stands.',
        parameters: [changeIdParameter, repositoryParameter(true)],
        responses: {
          '200': { description: 'The change.', ...json('Change') },
          '400': problem('A parameter is malformed.'),
          ...ERRORS,
          '403': problem('The caller cannot read the repository.'),
          '404': problem('No such change.'),
        },
      },
    },
    [`${API_BASE}/change-requests/{change_id}/history`]: {
      get: {
        summary: "The change's signed history, in the procedure's Change History shape.",
        parameters: [changeIdParameter, repositoryParameter(true)],
        responses: {
          '200': { description: 'The history.', ...json('ChangeHistory') },
          '400': problem('A parameter is malformed.'),
          ...ERRORS,
          '403': problem('The caller cannot read the repository.'),
          '404': problem('No such change.'),
        },
      },
    },
    [`${API_BASE}/change-requests/{change_id}/approve`]: move({
      summary: 'Approve (or, with `approved: false`, reject) a change as the caller.',
      body: 'Approve',
      response: 'ApproveResponse',
      forbidden:
        'The caller may not approve: not a holder of a required role, the change’s requester or author, or an OIDC token (approvals are by people).',
      conflict:
        'The change cannot be approved now (not a valid pending change, or already implementing or closed).',
    }),
    [`${API_BASE}/change-requests/{change_id}/implement`]: move({
      summary: 'Start implementing an approved (or emergency-confirmed) change.',
      body: 'Implement',
      response: 'ImplementResponse',
      forbidden: 'No write access, or an OIDC token of another repository or environment.',
      conflict: 'Not approved yet (and not an emergency confirmed to go first), or already implementing.',
    }),
    [`${API_BASE}/change-requests/{change_id}/complete`]: move({
      summary: 'Record how the implementation ended: completed, failed or rolled back.',
      body: 'Complete',
      response: 'CompleteResponse',
      forbidden: 'No write access, or an OIDC token of another repository or environment.',
      conflict: 'The change is not implementing.',
    }),
    [`${API_BASE}/reports`]: {
      get: {
        summary: "The procedure's Change Request Report of one repository for a month.",
        parameters: [
          repositoryParameter(true),
          {
            name: 'period',
            in: 'query',
            required: true,
            schema: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
          },
        ],
        responses: {
          '200': { description: 'The report.', ...json('Report') },
          '400': problem('A parameter is malformed.'),
          ...ERRORS,
          '403': problem('The caller cannot read the repository.'),
          '404': problem('The repository does not exist, or the app is not installed on it.'),
          '422': problem("The repository's configuration is invalid."),
        },
      },
    },
    [`${API_BASE}/openapi.json`]: {
      get: {
        summary: 'This description.',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': {} } } },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          'A GitHub user token (checked with `GET /user`) or a GitHub Actions OIDC token (issuer, audience, `repository` and `environment` claims verified against the issuer’s JWKS).',
      },
    },
    schemas: API_COMPONENTS,
  },
} as const;
