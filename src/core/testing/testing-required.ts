import type { Change } from '../change-request/change.ts';
import type { Policy } from '../policy/policy.ts';

export interface TestingRequirement {
  required: boolean;
  /** Why, in words for a message; empty when not required. */
  reason: string;
}

/**
 * Testing is required when the form says `testing_required: true` or when the change's type is in
 * `testing.required_for`. `testing_required: false` never lifts the policy's requirement.
 */
export function testingRequired(policy: Policy, change: Change): TestingRequirement {
  const type = change.type.toLowerCase();
  if (policy.testing.required_for.some((required) => required.toLowerCase() === type)) {
    return { required: true, reason: `change type ${change.type} is in testing.required_for` };
  }
  if (change.form.testing_required === true) return { required: true, reason: 'testing_required is true' };
  return { required: false, reason: '' };
}
