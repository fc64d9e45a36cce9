/**
 * action.yml's `main` (action/dist/index.js). A deploy job's gate and finish run from this bundle, which
 * holds only their code: about half of all the commands', so a gate starts sooner. Every other command
 * (sweep, report, validate, or one misspelt, which it refuses) runs from action/dist/commands.js, the bundle
 * of every command (scripts/build-action.ts). The command is read as @actions/core's getInput reads it.
 */
const command = (process.env.INPUT_COMMAND ?? '').trim() || 'gate';

if (command === 'gate' || command === 'finish') {
  const { runDeploy } = await import('./run-deploy.ts');
  await runDeploy();
} else {
  await import('./commands.ts');
}
