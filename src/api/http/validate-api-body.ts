import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { API_COMPONENTS, type ApiComponent } from '../openapi/openapi-document.ts';
import { ApiProblem, type FieldError } from './api-problem.ts';

// Ajv (CommonJS) is loaded with the first request body checked, not with the app: the webhook path never
// checks one (the project's own schemas are compiled at build time, scripts/build-app.ts), and Ajv and its
// dependencies are about 3 MiB resident.
const requireHere = createRequire(import.meta.url);

let validators: Map<ApiComponent, ValidateFunction> | null = null;

/** Compiles every component schema of the OpenAPI description once (JSON Schema 2020-12). */
const compiled = (): Map<ApiComponent, ValidateFunction> => {
  if (validators) return validators;
  const { Ajv2020 } = requireHere('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // ajv-formats' CommonJS export is the plugin function itself.
  const addFormats = requireHere('ajv-formats') as (ajv: Ajv2020, formats: string[]) => void;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv, ['date-time']);
  validators = new Map(
    (Object.keys(API_COMPONENTS) as ApiComponent[]).map((name) => [name, ajv.compile(API_COMPONENTS[name])]),
  );
  return validators;
};

/** What is wrong at which JSON pointer, for each ajv error. */
export const fieldErrors = (errors: readonly ErrorObject[]): FieldError[] =>
  errors.map((error) => {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required') {
      return { pointer: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
    }
    if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
      return {
        pointer: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: 'is not a field of this request',
      };
    }
    if (Array.isArray(params.allowedValues)) {
      return { pointer: error.instancePath, message: `must be one of ${params.allowedValues.join(', ')}` };
    }
    return { pointer: error.instancePath, message: error.message ?? 'is not valid' };
  });

/** Checks a value against one component; the errors, [] when it matches. */
export const apiSchemaErrors = (name: ApiComponent, value: unknown): FieldError[] => {
  const validate = compiled().get(name)!;
  return validate(value) ? [] : fieldErrors(validate.errors ?? []);
};

/** A request body that matches component `name`, typed as the caller says; else 400 (not an object) or 422. */
export const validateBody = <T>(name: ApiComponent, value: unknown): T => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiProblem('bad_request', 'the body must be a JSON object', {
      errors: [{ pointer: '', message: 'must be an object' }],
    });
  }
  const errors = apiSchemaErrors(name, value);
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new ApiProblem(
      'unprocessable',
      `the body does not match ${name}: ${first.pointer || '/'} ${first.message}`,
      {
        errors,
      },
    );
  }
  return value as T;
};
