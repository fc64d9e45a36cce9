import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../src/core/validation/deep-freeze.ts';
import { policyOfConfig } from '../../../src/use-cases/policy-of-config.ts';

const config = () => ({ change_management: { label: 'change', check_name: 'Gate' } });

describe('policyOfConfig', () => {
  it('loads a frozen config once and hands out the same frozen policy', () => {
    const frozen = deepFreeze(config());
    const first = policyOfConfig({ config: frozen, error: null });
    expect(first.status).toBe('valid');
    expect(policyOfConfig({ config: frozen, error: null })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    if (first.status === 'valid') expect(Object.isFrozen(first.policy.approval_workflow)).toBe(true);
  });

  it('loads a config that is not frozen every time, as before', () => {
    const plain = config();
    const first = policyOfConfig({ config: plain, error: null });
    expect(policyOfConfig({ config: plain, error: null })).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('reads a config that could not be read as an invalid policy, saying why', () => {
    const policy = policyOfConfig({ config: deepFreeze(config()), error: 'GitHub answered 502' });
    expect(policy.status).toBe('invalid');
    if (policy.status === 'invalid') expect(policy.problems[0]?.message).toContain('GitHub answered 502');
  });
});
