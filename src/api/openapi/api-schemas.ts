/**
 * The JSON shapes of the procedure's Change Management API: the one source of truth. The OpenAPI document
 * (openapi-document.ts, `schemas/change-management-api.openapi.json`) is built from these, ajv validates
 * requests against them, and the handlers' TypeScript types are derived from them (api-types.ts). Field
 * names are the procedure's; every addition is a new key, none is renamed.
 */

const REPOSITORY = {
  type: 'string',
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$',
  description: 'The repository that holds the change, as `owner/name`.',
  examples: ['acme/web'],
} as const;

const CHANGE_ID = {
  type: 'string',
  pattern: '^CHG-[0-9]{4}-[0-9]{3,}$',
  description: 'The change ID: `CHG-<year>-<number>`, the number being the issue or pull request number.',
  examples: ['CHG-2025-001'],
} as const;

const STATUS = {
  type: 'string',
  enum: [
    'invalid',
    'pending_approval',
    'approved',
    'rejected',
    'implementing',
    'completed',
    'failed',
    'rolled_back',
    'cancelled',
  ],
  description: 'Where the change stands, as Change Gate evaluates it from GitHub and its signed history.',
} as const;

const TEXT = (description: string, maxLength = 20_000) =>
  ({ type: 'string', maxLength, description }) as const;

export const createChangeRequestBody = {
  type: 'object',
  description:
    "The procedure's change request form. The change becomes an issue labelled with the configuration's change label in `repository`, or, with `pull_request`, the form is attached to that open pull request.",
  additionalProperties: false,
  required: ['title', 'change_type', 'priority'],
  properties: {
    repository: REPOSITORY,
    environment: {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description:
        'The deployment environment the change is for: a GitHub Actions OIDC token moving it (implement, complete) must come from a job in this environment. Recorded in the signed history.',
    },
    pull_request: {
      type: 'integer',
      minimum: 1,
      description: 'Attach the form to this open pull request of `repository` instead of opening an issue.',
    },
    title: { type: 'string', minLength: 1, maxLength: 256, description: 'Short summary of the change.' },
    description: TEXT('What changes and why.'),
    change_type: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description:
        "One of the configuration's change types, optionally with a suffix (`security_enhancement`).",
    },
    priority: {
      type: 'string',
      enum: ['critical', 'high', 'medium', 'low'],
      description: 'Selects the approval level.',
    },
    urgency: {
      type: 'string',
      enum: ['emergency', 'high', 'medium', 'low'],
      description: '`emergency` selects the emergency level.',
    },
    classification: {
      type: 'string',
      enum: ['emergency', 'standard', 'normal', 'pre-approved'],
      description: "The procedure's change class.",
    },
    emergency_reason: {
      type: 'string',
      enum: ['critical_security_vulnerability', 'system_outage', 'data_breach', 'compliance_violation'],
      description: 'Required for an emergency change.',
    },
    affected_systems: {
      type: 'array',
      maxItems: 100,
      items: { type: 'string', minLength: 1, maxLength: 200 },
      description: 'Systems the change touches.',
    },
    impact_scope: TEXT('Who or what is affected.', 2_000),
    risk_level: {
      type: 'string',
      enum: ['low', 'medium', 'high', 'critical'],
      description: 'Assessed risk.',
    },
    rollback_plan: TEXT('How to undo the change.'),
    testing_required: { type: 'boolean', description: 'Whether the change needs testing.' },
    test_plan: TEXT('How the change is tested.'),
    test_environment: TEXT('Where the change is tested.', 200),
    approvers: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', minLength: 1, maxLength: 100 },
      description: "Roles to add to the level's approvers (never fewer).",
    },
    implementation_plan: TEXT('How the change is rolled out.'),
    scheduled_time: {
      type: 'string',
      format: 'date-time',
      description: 'When the implementation is scheduled.',
    },
    maintenance_window: {
      type: 'boolean',
      description: 'Whether the implementation needs a maintenance window.',
    },
  },
} as const;

export const createChangeRequestResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['change_request_id', 'status', 'approvers', 'estimated_approval_time'],
  properties: {
    change_request_id: CHANGE_ID,
    status: STATUS,
    approvers: { type: 'array', items: { type: 'string' }, description: 'The roles that must approve.' },
    estimated_approval_time: {
      type: ['string', 'null'],
      description:
        "The approval level's `approval_timeout` (e.g. `24h`); null when the change is not valid yet.",
    },
    repository: REPOSITORY,
    number: { type: 'integer', description: 'The issue or pull request number.' },
    url: { type: ['string', 'null'], description: 'The change on GitHub.' },
    requester: { type: 'string', description: 'Who filed it (the caller), recorded in the signed history.' },
    approval_deadline: { type: ['string', 'null'], description: 'ISO time by which it should be approved.' },
    problems: {
      type: 'array',
      items: { type: 'string' },
      description: 'Why the change is not valid yet (status `invalid`): what to add to the form.',
    },
  },
} as const;

export const approveBody = {
  type: 'object',
  additionalProperties: false,
  required: ['approved'],
  properties: {
    repository: REPOSITORY,
    approved: {
      type: 'boolean',
      description: '`true` approves for the roles the caller holds; `false` rejects.',
    },
    comments: TEXT('Why; recorded with the approval.', 2_000),
    conditions: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', minLength: 1, maxLength: 500 },
      description: 'Conditions of the approval, recorded and shown with it.',
    },
  },
} as const;

export const approveResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['change_request_id', 'status', 'approved_by', 'approved_at', 'next_step'],
  properties: {
    change_request_id: CHANGE_ID,
    status: STATUS,
    approved_by: { type: 'string', description: 'The caller, whose approval (or rejection) was recorded.' },
    approved_at: { type: 'string', format: 'date-time', description: 'When it was recorded.' },
    next_step: {
      type: 'string',
      enum: ['implementation', 'approval', 'revision'],
      description:
        '`implementation` once approved; `approval` while roles are missing; `revision` when rejected.',
    },
    roles: {
      type: 'array',
      items: { type: 'string' },
      description:
        'The required roles this approval counts for now (only roles the caller holds; one per person unless the policy allows more).',
    },
    missing_roles: { type: 'array', items: { type: 'string' }, description: 'Roles still to approve.' },
    conditions: { type: 'array', items: { type: 'string' }, description: 'Conditions recorded.' },
  },
} as const;

export const implementBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    repository: REPOSITORY,
    implementation_plan: TEXT('How the change is being implemented.'),
    scheduled_time: { type: 'string', format: 'date-time', description: 'When the implementation starts.' },
    maintenance_window: { type: 'boolean', description: 'Whether it runs in a maintenance window.' },
    estimated_duration: {
      type: 'string',
      pattern: '^[0-9]{1,6}[mhd]$',
      description: 'How long it takes (default `2h`): `estimated_completion` is the start plus this.',
    },
  },
} as const;

export const implementResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['change_request_id', 'status', 'implementation_started', 'estimated_completion'],
  properties: {
    change_request_id: CHANGE_ID,
    status: STATUS,
    implementation_started: {
      type: 'string',
      format: 'date-time',
      description: '`scheduled_time` when given, else when the start was recorded.',
    },
    estimated_completion: {
      type: 'string',
      format: 'date-time',
      description: 'Start plus the estimated duration.',
    },
    recorded_at: { type: 'string', format: 'date-time', description: 'When the history entry was written.' },
  },
} as const;

export const completeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    repository: REPOSITORY,
    status: { type: 'string', enum: ['completed', 'failed', 'rolled_back'], description: 'How it ended.' },
    test_results: TEXT('Test results.'),
    post_implementation_review: TEXT('The post-implementation review.'),
  },
} as const;

export const completeResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['change_request_id', 'status', 'completed_at', 'next_review'],
  properties: {
    change_request_id: CHANGE_ID,
    status: STATUS,
    completed_at: { type: 'string', format: 'date-time', description: 'When the end was recorded.' },
    next_review: {
      type: ['string', 'null'],
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      description: 'Date of the next review (`review_after` later) of a completed change; null otherwise.',
    },
  },
} as const;

export const changeResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['change_request_id', 'repository', 'number', 'status'],
  properties: {
    change_request_id: CHANGE_ID,
    repository: REPOSITORY,
    number: { type: 'integer' },
    kind: { type: 'string', enum: ['issue', 'pull_request'] },
    title: { type: 'string' },
    url: { type: ['string', 'null'] },
    status: STATUS,
    emergency: { type: 'boolean' },
    priority: { type: ['string', 'null'] },
    change_type: { type: ['string', 'null'] },
    requester: { type: 'string', description: 'Who filed it: the recorded API caller, else the author.' },
    approvers: { type: 'array', items: { type: 'string' }, description: 'Required roles.' },
    approved_by: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      description: 'Role → logins whose approval counts now.',
    },
    approval_deadline: { type: ['string', 'null'] },
    estimated_approval_time: { type: ['string', 'null'] },
    headline: { type: 'string' },
  },
} as const;

export const changeListResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['change_requests', 'page', 'per_page', 'total'],
  properties: {
    change_requests: { type: 'array', items: changeResponse },
    page: { type: 'integer', minimum: 1 },
    per_page: { type: 'integer', minimum: 1, maximum: 100 },
    total: { type: 'integer', minimum: 0 },
    next_page: { type: ['integer', 'null'] },
  },
} as const;

export const historyResponse = {
  type: 'object',
  required: ['change_id', 'history'],
  description:
    "The procedure's Change History, each item extended with what a third party needs to verify it.",
  properties: {
    change_id: CHANGE_ID,
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['timestamp', 'action', 'user', 'details'],
        properties: {
          timestamp: { type: 'string', format: 'date-time' },
          action: { type: 'string' },
          user: { type: 'string' },
          details: { type: 'string' },
        },
      },
    },
    repository: REPOSITORY,
    number: { type: 'integer' },
    verified: { type: 'boolean' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'message'],
        properties: { kind: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const COUNTS = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } as const;

export const reportResponse = {
  type: 'object',
  required: [
    'report_period',
    'total_changes',
    'by_status',
    'by_priority',
    'by_type',
    'average_approval_time',
    'average_implementation_time',
  ],
  description: "The procedure's Change Request Report, extended with metrics against targets and DORA keys.",
  properties: {
    report_period: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
    total_changes: { type: 'integer', minimum: 0 },
    by_status: COUNTS,
    by_priority: COUNTS,
    by_type: COUNTS,
    average_approval_time: { type: ['string', 'null'] },
    average_implementation_time: { type: ['string', 'null'] },
  },
} as const;

export const problemDetails = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  description: 'RFC 9457 problem details.',
  properties: {
    type: { type: 'string', description: 'A URI naming the problem class.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What is wrong, for a person.' },
    instance: { type: 'string', description: 'The request path.' },
    errors: {
      type: 'array',
      description: 'Each bad field of the body (400, 422): a JSON pointer into it and what is wrong.',
      items: {
        type: 'object',
        required: ['pointer', 'message'],
        additionalProperties: false,
        properties: { pointer: { type: 'string' }, message: { type: 'string' } },
      },
    },
    rule: { type: 'string', description: 'The rule that refused (403, 409).' },
  },
} as const;
