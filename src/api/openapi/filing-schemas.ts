import { CHANGE_ID, REPOSITORY, STATUS, TEXT } from './schema-parts.ts';

/** The bodies and answers of filing a change request and approving (or rejecting) it. */
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
