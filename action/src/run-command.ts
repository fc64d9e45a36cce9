import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import * as core from '@actions/core';
import { octokitDeployPort } from '../../src/github/octokit/octokit-deploy-port.ts';
import { deployStartRequest } from '../../src/use-cases/deploy-start-request.ts';
import { readInputs } from './action-inputs.ts';
import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import { createActionOctokit, DEFAULT_RETRY, type RetryOptions } from './create-action-octokit.ts';
import { prefetchDeployStart } from './prefetch-deploy-start.ts';
import { retrySafeDeployWrites } from './retry-safe-deploy-writes.ts';

/**
 * Loads each command's module when it runs. Each of the action's bundles (scripts/build-action.ts) holds the
 * commands it can run: `index.js` gate and finish (run-deploy.ts), `commands.js` every one (run.ts). In a
 * bundle a command's modules are initialised only when it runs: a sweep's mailer or a report's code never for
 * a gate.
 */
export interface CommandModules {
  gate(): Promise<typeof import('./gate.ts')>;
  finish(): Promise<typeof import('./finish.ts')>;
  sweep?(): Promise<typeof import('./sweep.ts')>;
  report?(): Promise<typeof import('./report.ts')>;
  validate?(): Promise<typeof import('./validate.ts')>;
}

/** The module of a command this bundle does not hold: action/src/index.ts sends it to the one that does. */
function held<T>(load: (() => Promise<T>) | undefined, command: string): Promise<T> {
  if (!load) throw new Error(`command ${command} does not run from this bundle`);
  return load();
}

/** Reads the inputs, talks to GitHub and runs the command; errors are left to the caller. */
export async function runCommandWith(options: {
  io: ActionIO;
  clock: Clock;
  retry: RetryOptions;
  commands: CommandModules;
}): Promise<CommandOutcome> {
  const { io, clock, retry, commands } = options;
  // validate reads the workspace only: no token, repository or API needed.
  if (io.input('command') === 'validate') {
    const { validate } = await held(commands.validate, 'validate');
    return validate({ io });
  }
  const inputs = readInputs(io);
  // The sweep and the report make their own client, with the REST methods they use.
  if (inputs.command === 'sweep') {
    const { sweep } = await held(commands.sweep, 'sweep');
    return sweep({ inputs, io, clock, retry });
  }
  if (inputs.command === 'report') {
    const { report } = await held(commands.report, 'report');
    return report({ inputs, io, clock, retry });
  }
  const octokit = createActionOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, retry });
  const port = retrySafeDeployWrites(octokitDeployPort({ octokit, owner: inputs.owner, repo: inputs.repo }), {
    delaysMs: retry.delaysMs,
    sleep: retry.sleep,
  });
  if (inputs.command === 'gate') {
    // The first read goes out before the gate's modules are initialised, and overlaps with that: one turn of
    // the event loop lets Octokit's hooks hand the request to the socket before the modules' code runs.
    const prefetched = prefetchDeployStart(
      port,
      deployStartRequest({
        sha: inputs.sha,
        environment: inputs.environment,
        checkName: inputs.checkName,
        trustedApp: { slug: inputs.appSlug, id: inputs.appId },
      }),
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    const { gate } = await commands.gate();
    return gate({ inputs, port: prefetched, io, clock });
  }
  const { finish } = await commands.finish();
  return finish({ inputs, port, io });
}

/** A bundle's entry: the only place where an error becomes a failed step. */
export async function runWith(commands: CommandModules): Promise<void> {
  try {
    const outcome = await runCommandWith({
      io: actionsIO,
      clock: systemClock,
      retry: defaultRetry,
      commands,
    });
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
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path) return;
    // What `core.summary.addRaw(markdown, true).write()` appends (the text and an end of line), in one
    // synchronous write instead of its two asynchronous ones (an access check, then the append): written before
    // the step goes on, without a turn through libuv's thread pool.
    try {
      appendFileSync(path, `${markdown}${EOL}`, { encoding: 'utf8' });
    } catch (error) {
      throw new Error(
        `Unable to write the job summary file '${path}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  },
};
