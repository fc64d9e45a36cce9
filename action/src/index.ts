import { enableCompileCache } from './enable-compile-cache.ts';

/**
 * action.yml's `main` (action/dist/index.js): a few lines that turn on Node's compile cache, then load the
 * bundle the step's command runs from (scripts/build-action.ts): a deploy job's gate and finish from
 * action/dist/deploy.js, which holds only their code (about half of all the commands', so a gate starts
 * sooner); every other command (sweep, report, validate, or one misspelt, which it refuses) from
 * action/dist/commands.js, the bundle of every command. The command is read as @actions/core's getInput
 * reads it.
 */
enableCompileCache();

const command = (process.env.INPUT_COMMAND ?? '').trim() || 'gate';

if (command === 'gate' || command === 'finish') {
  await import('./deploy.ts');
} else {
  await import('./commands.ts');
}
