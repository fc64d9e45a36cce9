import type { FromSchema } from 'json-schema-to-ts';
import type {
  approveBody,
  approveResponse,
  changeListResponse,
  changeResponse,
  completeBody,
  completeResponse,
  createChangeRequestBody,
  createChangeRequestResponse,
  implementBody,
  implementResponse,
} from './api-schemas.ts';

/** The handlers' types, derived from the schemas (no hand-kept copy of the shapes). */
export type CreateChangeRequestBody = FromSchema<typeof createChangeRequestBody>;
export type CreateChangeRequestResponse = FromSchema<typeof createChangeRequestResponse>;
export type ApproveBody = FromSchema<typeof approveBody>;
export type ApproveResponse = FromSchema<typeof approveResponse>;
export type ImplementBody = FromSchema<typeof implementBody>;
export type ImplementResponse = FromSchema<typeof implementResponse>;
export type CompleteBody = FromSchema<typeof completeBody>;
export type CompleteResponse = FromSchema<typeof completeResponse>;
export type ChangeResponse = FromSchema<typeof changeResponse>;
export type ChangeListResponse = FromSchema<typeof changeListResponse>;
