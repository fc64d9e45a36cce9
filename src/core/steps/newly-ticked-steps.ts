import { readStepCheckboxes } from './read-step-checkboxes.ts';
import type { ListedStep } from './step-list.ts';

/**
 * The people-steps one edit of the task-list comment ticked: unticked (or absent) before, ticked after.
 * Evidence steps are the app's to tick, so a person ticking one ticks nothing; unticking is not a fact the
 * history can hold (it is append-only); unknown ids name no step.
 */
export const newlyTickedSteps = (options: {
  steps: readonly ListedStep[];
  before: string;
  after: string;
}): ListedStep[] => {
  const before = readStepCheckboxes(options.before);
  const after = readStepCheckboxes(options.after);
  return options.steps.filter(
    (step) => step.evidence === undefined && after.get(step.id) === true && before.get(step.id) !== true,
  );
};
