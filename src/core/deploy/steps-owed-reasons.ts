import type { DeployChange } from './deploy-input.ts';

/**
 * Why a production deploy must wait for implementation steps (procedure §4): each approved, non-emergency
 * change whose trusted run says a `required_before_deploy` step is not ticked yet, naming the step; a run
 * whose record of them cannot be read refuses (fail closed). Emergency changes deploy first.
 */
export const stepsOwedReasons = (
  changes: readonly DeployChange[],
): { waiting: string[]; refused: string[] } => {
  const waiting: string[] = [];
  const refused: string[] = [];
  for (const change of changes) {
    if (change.gate !== 'approved' || change.emergency || change.stepsOwed === undefined) continue;
    const who = change.changeId ?? `#${change.pr}`;
    if (change.stepsOwed === null) {
      refused.push(`${who}: the trusted check run's record of the implementation steps owed cannot be read`);
      continue;
    }
    for (const step of change.stepsOwed) {
      waiting.push(`${who}: step "${step.name.slice(0, 200)}" must be ticked before a production deploy`);
    }
  }
  return { waiting, refused };
};
