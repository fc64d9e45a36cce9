import { describe, expect, it } from 'vitest';
import { checkCompleteness } from '../../../../src/core/change-request/check-completeness.ts';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { BASE_FORM, changeFrom } from './change-for-test.ts';

const policy = defaultPolicy();
const summary = (lines: string[]) =>
  checkCompleteness(policy, changeFrom(lines)).map(
    (item) => `${item.criterion} ${item.ok ? 'ok' : 'FAIL'} ${item.line}:${item.column}`,
  );

const COMPLETE_FEATURE = [...BASE_FORM, 'affected_systems: [web]', 'rollback_plan: Revert the commit'];

describe('checkCompleteness', () => {
  it('passes a complete feature change that needs no testing', () => {
    const items = checkCompleteness(policy, changeFrom(COMPLETE_FEATURE));
    expect(items.map((item) => [item.criterion, item.ok, item.message])).toEqual([
      ['change_type', true, 'change type feature'],
      ['rollback_plan', true, 'rollback plan present'],
      ['test_plan', true, 'testing not required'],
      ['affected_systems', true, '1 affected system(s) listed'],
    ]);
  });

  it('flags a missing rollback plan and affected systems at the change_request line', () => {
    // Body line 4 is `change_request:`; items carry lines inside the block.
    expect(summary(BASE_FORM)).toEqual([
      'change_type ok 3:16',
      'rollback_plan FAIL 1:1',
      'test_plan ok 1:1',
      'affected_systems FAIL 1:1',
    ]);
  });

  it('treats blank text and an empty list as missing, pointing at the value', () => {
    const items = checkCompleteness(
      policy,
      changeFrom([...BASE_FORM, 'rollback_plan: "  "', 'affected_systems: []']),
    );
    expect(
      items
        .filter((item) => !item.ok)
        .map((item) => [item.criterion, item.path, item.line, item.column, item.message]),
    ).toEqual([
      [
        'rollback_plan',
        '/change_request/rollback_plan',
        5,
        18,
        'rollback_plan: missing; say how the change is undone',
      ],
      [
        'affected_systems',
        '/change_request/affected_systems',
        6,
        3,
        'affected_systems: list at least one affected system',
      ],
    ]);
  });

  it('requires a test plan and a listed environment for types in testing.required_for, even with testing_required false', () => {
    const change = changeFrom([
      'title: Rotate keys',
      'change_type: security_rotation',
      'priority: high',
      'testing_required: false',
      'affected_systems: [vault]',
      'rollback_plan: restore',
      'test_environment: qa',
    ]);
    const failed = checkCompleteness(policy, change).filter((item) => !item.ok);
    expect(failed.map((item) => [item.criterion, item.message, item.line])).toEqual([
      [
        'test_plan',
        'test_plan: missing; testing is required because change type security is in testing.required_for',
        1,
      ],
      ['test_environment', 'test_environment: "qa" is not one of staging, production-like', 8],
    ]);
  });

  it('requires testing when the form asks for it', () => {
    const failed = checkCompleteness(
      policy,
      changeFrom([...COMPLETE_FEATURE, 'testing_required: true']),
    ).filter((item) => !item.ok);
    expect(failed.map((item) => item.message)).toEqual([
      'test_plan: missing; testing is required because testing_required is true',
      'test_environment: missing; testing is required, name one of staging, production-like',
    ]);
  });

  it('passes the seed form against the seed policy', () => {
    const change = changeFrom([
      'change_type: "security_enhancement"',
      'title: x',
      'priority: high',
      'affected_systems: ["authentication-service", "admin-ui"]',
      'rollback_plan: "Disable MFA requirement via configuration"',
      'testing_required: true',
      'test_plan: "Test MFA enrollment, login flow, and fallback procedures"',
      'test_environment: "staging"',
    ]);
    expect(checkCompleteness(policy, change).every((item) => item.ok)).toBe(true);
  });

  it('flags a change type the policy does not know, at the value', () => {
    const items = checkCompleteness(
      policy,
      changeFrom([
        ...COMPLETE_FEATURE.filter((l) => !l.startsWith('change_type')),
        'change_type: marketing_push',
      ]),
    );
    expect(items[0]).toEqual({
      criterion: 'change_type',
      ok: false,
      message:
        'change_type: "marketing_push" is not one of security, feature, bugfix, infrastructure, configuration (a suffix after "_" is allowed, e.g. security_update)',
      path: '/change_request/change_type',
      line: 6,
      column: 16,
    });
  });

  it('is the same whatever approval_status says', () => {
    const pending = checkCompleteness(policy, changeFrom([...BASE_FORM, 'approval_status: pending']));
    const approved = checkCompleteness(policy, changeFrom([...BASE_FORM, 'approval_status: approved']));
    expect(approved.map(({ criterion, ok, message }) => ({ criterion, ok, message }))).toEqual(
      pending.map(({ criterion, ok, message }) => ({ criterion, ok, message })),
    );
    expect(approved.some((item) => !item.ok)).toBe(true);
  });
});
