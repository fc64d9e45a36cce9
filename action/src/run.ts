import * as core from '@actions/core';
import { CONFIG_PATH } from '../../src/core/policy/config-path.ts';
import { octokitDeployPort } from '../../src/github/octokit/octokit-deploy-port.ts';
import { readInputs } from './action-inputs.ts';
import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import { createActionOctokit, DEFAULT_RETRY, type RetryOptions } from './create-action-octokit.ts';
import { prefetchDeployStart } from './prefetch-deploy-start.ts';
import { retrySafeDeployWrites } from './retry-safe-deploy-writes.ts';

/**
 * Reads the inputs, talks to GitHub and runs the command; errors are left to the caller. Each command's code
 * is imported when it runs: in the bundle (scripts/build-action.ts) a gate does not initialise the report's,
 * the sweep's (mailer, history signing) or validate's modules.
 */
export async function runCommand(options: {
  io: ActionIO;
  clock: Clock;
  retry: RetryOptions;
}): Promise<CommandOutcome> {
  const { io, clock, retry } = options;
  // validate reads the workspace only: no token, repository or API needed.
  if (io.input('command') === 'validate') {
    const { validate } = await import('./validate.ts');
    return validate({ io });
  }
  const inputs = readInputs(io);
  const octokit = createActionOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, retry });
  if (inputs.command === 'sweep') {
    const { sweep } = await import('./sweep.ts');
    return sweep({ inputs, io, clock, octokit, retry });
  }
  if (inputs.command === 'report') {
    const { report } = await import('./report.ts');
    return report({ inputs, io, clock, octokit });
  }
  const port = retrySafeDeployWrites(octokitDeployPort({ octokit, owner: inputs.owner, repo: inputs.repo }), {
    delaysMs: retry.delaysMs,
    sleep: retry.sleep,
  });
  if (inputs.command === 'gate') {
    // The first read goes out before the gate's modules are initialised, and overlaps with that: one turn of
    // the event loop lets Octokit's hooks hand the request to the socket before the modules' code runs.
    const prefetched = prefetchDeployStart(port, {
      configPath: CONFIG_PATH,
      sha: inputs.sha,
      environment: inputs.environment,
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    const { gate } = await import('./gate.ts');
    return gate({ inputs, port: prefetched, io, clock });
  }
  const { finish } = await import('./finish.ts');
  return finish({ inputs, port, io });
}

/** The action's entry: the only place where an error becomes a failed step. */
export async function run(): Promise<void> {
  try {
    const outcome = await runCommand({ io: actionsIO, clock: systemClock, retry: defaultRetry });
    if (outcome.failure) core.setFailed(outcome.failure);
  } catch (error) {
    core.setFailed(`Change Gate: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const systemClock: Clock = { now: () => new Date(), sleep };

const defaultRetry: RetryOptions = { ...DEFAULT_RETRY, sleep };

const actionsIO: ActionIO = {
  input: (name) => core.getInput(name),
  env: (name) => process.env[name],
  setOutput: (name, value) => core.setOutput(name, value),
  exportVariable: (name, value) => core.exportVariable(name, value),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  annotate: ({ severity, message, ...properties }) => {
    if (severity === 'error') core.error(message, properties);
    else core.warning(message, properties);
  },
  appendSummary: async (markdown) => {
    // Without GITHUB_STEP_SUMMARY (a local run) there is no summary to write; the log has it all.
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  },
};
