/**
 * The JSON shapes of the procedure's Change Management API: the one source of truth. The OpenAPI document
 * (openapi-document.ts, `schemas/change-management-api.openapi.json`) is built from these, ajv validates
 * requests against them, and the handlers' TypeScript types are derived from them (api-types.ts). Field
 * names are the procedure's; every addition is a new key, none is renamed.
 */
export * from './filing-schemas.ts';
export * from './move-schemas.ts';
export * from './problem-details-schema.ts';
export * from './read-schemas.ts';
