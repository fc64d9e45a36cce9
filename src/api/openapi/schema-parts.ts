import { CHANGE_STATUSES } from '../../core/decision/change-status.ts';

/** The pieces the API's shapes share: a repository, a change ID, a status, a bounded text. */
export const REPOSITORY = {
  type: 'string',
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$',
  description: 'The repository that holds the change, as `owner/name`.',
  examples: ['acme/web'],
} as const;

export const CHANGE_ID = {
  type: 'string',
  pattern: '^CHG-[0-9]{4}-[0-9]{3,}$',
  description: 'The change ID: `CHG-<year>-<number>`, the number being the issue or pull request number.',
  examples: ['CHG-2025-001'],
} as const;

export const STATUS = {
  type: 'string',
  enum: CHANGE_STATUSES,
  description: 'Where the change stands, as Change Gate evaluates it from GitHub and its signed history.',
} as const;

export const TEXT = (description: string, maxLength = 20_000) =>
  ({ type: 'string', maxLength, description }) as const;
