import {
  IMPLEMENTATION_PHASES,
  type ImplementationPhase,
  type ImplementationStep,
  type Policy,
} from '../policy/policy.ts';

/** One configured step with the phase it belongs to. */
export interface ListedStep extends ImplementationStep {
  phase: ImplementationPhase;
}

/** The policy's implementation steps in order, pre-implementation first. */
export const stepList = (policy: Pick<Policy, 'implementation_steps'>): ListedStep[] =>
  IMPLEMENTATION_PHASES.flatMap((phase) =>
    (policy.implementation_steps[phase] ?? []).map((step) => ({ ...step, phase })),
  );
