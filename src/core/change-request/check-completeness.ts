import type { Policy } from '../policy/policy.ts';
import { testingRequired } from '../testing/testing-required.ts';
import type { Change } from './change.ts';
import { emergencyReasonItem } from './emergency-reason-item.ts';
import { locateInBlock } from './locate-in-block.ts';

export type CompletenessCriterion =
  | 'change_type'
  | 'rollback_plan'
  | 'test_plan'
  | 'test_environment'
  | 'affected_systems'
  | 'emergency_reason';

export interface CompletenessItem {
  criterion: CompletenessCriterion;
  ok: boolean;
  message: string;
  /** JSON path of the field, e.g. `/change_request/rollback_plan`. */
  path?: string;
  /** Line and column inside the change block: the field, or the `change_request:` key when it is missing. */
  line?: number;
  column?: number;
}

/**
 * The procedure's approval criteria that a form can show by itself: a rollback plan, a test plan and
 * a test environment among `testing.test_environments` when testing is required, affected systems
 * listed, and a change type the policy knows. Blank text counts as missing. Reads nothing
 * system-owned (`approval_status`, `approval_required`: a form cannot vouch for itself).
 */
export function checkCompleteness(policy: Policy, change: Change): CompletenessItem[] {
  const form = change.form;
  const items: CompletenessItem[] = [];
  const add = (criterion: CompletenessCriterion, field: string, ok: boolean, message: string) => {
    const path = `/change_request/${field}`;
    const { line, column } = locateInBlock(change.block, { path, target: 'value' });
    items.push({ criterion, ok, message, path, line, column });
  };

  const known = policy.change_types.some((type) => type.toLowerCase() === change.type.toLowerCase());
  add(
    'change_type',
    'change_type',
    known,
    known
      ? `change type ${change.type}`
      : `change_type: "${form.change_type}" is not one of ${policy.change_types.join(', ')} (a suffix after "_" is allowed, e.g. ${policy.change_types[0]}_update)`,
  );

  add(
    'rollback_plan',
    'rollback_plan',
    filled(form.rollback_plan),
    filled(form.rollback_plan)
      ? 'rollback plan present'
      : 'rollback_plan: missing; say how the change is undone',
  );

  const testing = testingRequired(policy, change);
  if (!testing.required) {
    add('test_plan', 'test_plan', true, 'testing not required');
  } else {
    add(
      'test_plan',
      'test_plan',
      filled(form.test_plan),
      filled(form.test_plan)
        ? 'test plan present'
        : `test_plan: missing; testing is required because ${testing.reason}`,
    );
    const environments = policy.testing.test_environments;
    const environment = form.test_environment?.trim() ?? '';
    const listed = environments.includes(environment);
    add(
      'test_environment',
      'test_environment',
      listed,
      listed
        ? `tested in ${environment}`
        : environment === ''
          ? `test_environment: missing; testing is required, name one of ${environments.join(', ')}`
          : `test_environment: "${environment}" is not one of ${environments.join(', ')}`,
    );
  }

  const systems = (form.affected_systems ?? []).filter(filled);
  add(
    'affected_systems',
    'affected_systems',
    systems.length > 0,
    systems.length > 0
      ? `${systems.length} affected system(s) listed`
      : 'affected_systems: list at least one affected system',
  );
  const emergency = emergencyReasonItem(change);
  if (emergency) items.push(emergency);
  return items;
}

function filled(text: string | undefined): boolean {
  return typeof text === 'string' && text.trim() !== '';
}
