import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import auditExportSchema from '../../../schemas/audit-export.schema.json' with { type: 'json' };

// ajv-formats is CommonJS: under Node's ESM loader its default export is the plugin function itself.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020, formats: string[]) => void;

/** Where a value departs from the export's shape (JSON pointer) and why. */
export interface ExportShapeProblem {
  path: string;
  message: string;
}

const MAX_PROBLEMS = 20;
let validate: ValidateFunction | null = null;

/** Compiled once, on first use: only `audit verify` needs it, so the app never pays for it. */
const validator = (): ValidateFunction => {
  if (validate) return validate;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv, ['date-time']);
  validate = ajv.compile(auditExportSchema);
  return validate;
};

/**
 * Why `value` is not an audit export (`schemas/audit-export.schema.json`): the first problems, each with the
 * JSON pointer of the offending value; [] when it is one.
 */
export const auditExportProblems = (value: unknown): ExportShapeProblem[] => {
  const check = validator();
  if (check(value)) return [];
  return (check.errors ?? []).slice(0, MAX_PROBLEMS).map((error) => {
    const path = error.instancePath === '' ? '/' : error.instancePath;
    if (error.keyword === 'additionalProperties')
      return {
        path: `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`,
        message: 'unexpected field',
      };
    if (error.keyword === 'required')
      return {
        path: `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`,
        message: 'missing',
      };
    return { path, message: error.message ?? error.keyword };
  });
};
