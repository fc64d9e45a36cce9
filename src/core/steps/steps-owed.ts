import type { RiskLevel } from '../change-request/change.ts';
import type { ListedStep } from './step-list.ts';

/** A step that must be ticked before a production deploy. */
export interface OwedStep {
  id: string;
  name: string;
}

/**
 * The `required_before_deploy` steps not ticked yet, for a change of `risk` (a step limited by
 * `required_for_risk` is owed only at those levels). An unknown risk (null) owes every such step: what
 * cannot be read never lowers the bar.
 */
export const stepsOwed = (options: {
  steps: readonly ListedStep[];
  risk: RiskLevel | null;
  ticked: ReadonlySet<string>;
}): OwedStep[] =>
  options.steps
    .filter((step) => step.required_before_deploy === true && !options.ticked.has(step.id))
    .filter(
      (step) =>
        step.required_for_risk === undefined ||
        options.risk === null ||
        step.required_for_risk.includes(options.risk),
    )
    .map(({ id, name }) => ({ id, name }));
