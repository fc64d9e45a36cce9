import { CHANGE_ID, REPOSITORY, STATUS, TEXT } from './schema-parts.ts';

/** The bodies and answers of implementing and completing a change. */
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
