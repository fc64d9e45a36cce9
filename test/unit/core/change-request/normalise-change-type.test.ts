import { describe, expect, it } from 'vitest';
import { CHANGE_TYPES } from '../../../../src/core/change-request/change.ts';
import { normaliseChangeType } from '../../../../src/core/change-request/normalise-change-type.ts';

describe('normaliseChangeType (the suffix rule)', () => {
  it.each([
    ['security_enhancement', 'security'],
    ['security', 'security'],
    ['infrastructure_dns_migration', 'infrastructure'],
    ['BUGFIX_hot', 'bugfix'],
    ['securityenhancement', 'securityenhancement'],
    ['security-enhancement', 'security-enhancement'],
    ['marketing', 'marketing'],
  ])('%s is type %s', (value, type) => expect(normaliseChangeType(value, CHANGE_TYPES)).toBe(type));

  it('prefers the longest configured type', () => {
    expect(normaliseChangeType('data_migration_v2', ['data', 'data_migration'])).toBe('data_migration');
    expect(normaliseChangeType('data_fix', ['data', 'data_migration'])).toBe('data');
  });
});
