import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { apiSchemaErrors } from '../../../src/api/http/validate-api-body.ts';
import { API_COMPONENTS, openApiDocument } from '../../../src/api/openapi/openapi-document.ts';

const file = JSON.parse(
  readFileSync(new URL('../../../schemas/change-management-api.openapi.json', import.meta.url), 'utf8'),
);

describe('the OpenAPI description', () => {
  test('the repository file equals its source (regenerate with `npm run build:openapi`)', () => {
    expect(file).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  test('every component is a valid JSON Schema 2020-12 and every $ref resolves', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const schema of Object.values(API_COMPONENTS)) expect(ajv.validateSchema(schema)).toBe(true);
    const refs = [...JSON.stringify(file).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(Object.keys(API_COMPONENTS)).toContain(name);
  });

  test("the procedure's example bodies validate; a typo is caught at its pointer", () => {
    expect(
      apiSchemaErrors('Approve', {
        approved: true,
        comments: 'Approved - security enhancement aligns with compliance requirements',
        conditions: ['MFA must be tested in staging before production'],
      }),
    ).toEqual([]);
    expect(
      apiSchemaErrors('Implement', {
        implementation_plan: 'Deploy to staging, test, then production',
        scheduled_time: '2025-01-28T02:00:00Z',
        maintenance_window: true,
      }),
    ).toEqual([]);
    expect(apiSchemaErrors('Complete', { status: 'completed', test_results: 'x' })).toEqual([]);
    expect(apiSchemaErrors('Complete', { status: 'done', test_result: 'x' })).toEqual([
      { pointer: '/test_result', message: 'is not a field of this request' },
      { pointer: '/status', message: 'must be one of completed, failed, rolled_back' },
    ]);
    expect(
      apiSchemaErrors('ApproveResponse', {
        change_request_id: 'CHG-2025-001',
        status: 'approved',
        approved_by: 'security-team-lead',
        approved_at: '2025-01-27T10:30:00Z',
        next_step: 'implementation',
      }),
    ).toEqual([]);
  });
});
