import { CHANGE_ID, REPOSITORY, STATUS } from './schema-parts.ts';

/** The answers of the read endpoints: one change, a page of changes, a change's history, a report. */
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
