import { type CommandModules, runWith } from './run-command.ts';

/** The commands a deploy job runs, which action/dist/index.js holds: gate (the default) and finish. */
export const DEPLOY_COMMANDS: CommandModules = {
  gate: () => import('./gate.ts'),
  finish: () => import('./finish.ts'),
};

/** Runs the step's gate or finish. */
export function runDeploy(): Promise<void> {
  return runWith(DEPLOY_COMMANDS);
}
