import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import type { RetryOptions } from './create-action-octokit.ts';
import { type CommandModules, runCommandWith, runWith } from './run-command.ts';

/** Every command: `action/dist/commands.js` (action/src/commands.ts) runs them, tests call them here. */
export const ALL_COMMANDS: CommandModules = {
  gate: () => import('./gate.ts'),
  finish: () => import('./finish.ts'),
  sweep: () => import('./sweep.ts'),
  report: () => import('./report.ts'),
  validate: () => import('./validate.ts'),
};

/** Reads the inputs, talks to GitHub and runs any command; errors are left to the caller. */
export function runCommand(options: {
  io: ActionIO;
  clock: Clock;
  retry: RetryOptions;
}): Promise<CommandOutcome> {
  return runCommandWith({ ...options, commands: ALL_COMMANDS });
}

/** Runs the step's command, whichever it is. */
export function run(): Promise<void> {
  return runWith(ALL_COMMANDS);
}
