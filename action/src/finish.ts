import { readDeployPayload } from '../../src/core/deploy/deploy-payload.ts';
import { deploymentStatusFor } from '../../src/core/deploy/deployment-outcome.ts';
import { type Coverage, CoverageError } from '../../src/core/testing/coverage-error.ts';
import { coverageRequirement } from '../../src/core/testing/coverage-requirement.ts';
import { parseCoverage } from '../../src/core/testing/parse-coverage.ts';
import { escapeMarkdown, MAX_USER_TEXT_CHARS } from '../../src/core/text/escape-markdown.ts';
import type { DeployPort } from '../../src/github/ports/deploy-port.ts';
import { loadGatePolicy } from '../../src/use-cases/load-gate-policy.ts';
import { actionErrorMessage } from './action-error-message.ts';
import type { FinishInputs } from './action-inputs.ts';
import type { ActionIO, CommandOutcome } from './action-io.ts';
import { readCoverageFile } from './read-coverage-file.ts';

/**
 * `finish`: 1. read the deployment the gate created; 2. record the job's result as its status (a rollback
 * is `failure` described "Rolled back: …", see deployment-outcome.ts); 3. with `coverage-file`, check the
 * coverage against `testing.test_coverage_required` for the deployed changes that require testing.
 * The result is recorded even when the coverage check then fails the step.
 */
export async function finish(context: {
  inputs: FinishInputs;
  port: DeployPort;
  io: ActionIO;
}): Promise<CommandOutcome> {
  const { inputs, port, io } = context;
  const deployment = await port.getDeployment(inputs.deploymentId);
  const payload = readDeployPayload(deployment.payload);
  const ids =
    payload?.change_gate.changes.flatMap((change) => (change.change_id ? [change.change_id] : [])) ?? [];
  const status = deploymentStatusFor({ result: inputs.result, detail: ids.join(', ') });
  await port.createDeploymentStatus({ deploymentId: deployment.id, ...status, logUrl: inputs.runUrl });
  io.setOutput('deployment-id', String(deployment.id));
  io.setOutput('change-ids', ids.join(','));
  io.setOutput('status', inputs.result);
  io.info(
    `Deployment ${deployment.id} to ${deployment.environment}: ${status.state} (${status.description}).`,
  );

  const lines = [
    `## Change Gate: deployment ${deployment.id} to ${summaryText(deployment.environment)} finished: ${inputs.result}`,
    '',
    `Changes: ${ids.join(', ') || 'none'}. Status written: \`${status.state}\` "${status.description}".`,
  ];
  let failure: string | null = null;
  if (inputs.coverageFile) {
    const checked = await checkCoverage({ context, payload, sha: deployment.sha });
    lines.push('', `Coverage: ${summaryText(checked.message, 2000)}`);
    if (checked.coverage) io.setOutput('coverage', String(checked.coverage.percent));
    if (!checked.ok) failure = checked.message;
  } else {
    io.info('No coverage-file given: test coverage is not checked by finish.');
  }
  await io.appendSummary(`${lines.join('\n')}\n`);
  return { failure };
}

async function checkCoverage(options: {
  context: { inputs: FinishInputs; port: DeployPort; io: ActionIO };
  payload: ReturnType<typeof readDeployPayload>;
  sha: string;
}): Promise<{ ok: boolean; message: string; coverage: Coverage | null }> {
  const { inputs, port, io } = options.context;
  let coverage: Coverage;
  try {
    const text = await readCoverageFile({
      path: inputs.coverageFile!,
      workspace: io.env('GITHUB_WORKSPACE') ?? process.cwd(),
    });
    coverage = parseCoverage({ text, format: inputs.coverageFormat ?? undefined });
  } catch (error) {
    if (error instanceof CoverageError)
      return { ok: false, message: `${inputs.coverageFile}: ${error.message}`, coverage: null };
    throw error;
  }
  try {
    const { policy } = await loadGatePolicy({
      port,
      owner: inputs.owner,
      repo: inputs.repo,
      log: (message) => io.info(message),
    });
    const verdict = coverageRequirement({
      payload: options.payload,
      requiredPercent: policy.testing.test_coverage_required,
      percent: coverage.percent,
    });
    return {
      ok: verdict.ok,
      message: `${verdict.message} (${coverage.format}, ${coverage.detail})`,
      coverage,
    };
  } catch (error) {
    return {
      ok: false,
      message: `the coverage bar cannot be read, so coverage is not accepted: ${actionErrorMessage(error)}`,
      coverage,
    };
  }
}

/** Text from GitHub or the workspace (an environment name, a coverage file's path and errors) kept inert. */
function summaryText(text: string, maxChars = MAX_USER_TEXT_CHARS): string {
  return escapeMarkdown(text, { dialect: 'job-summary', maxChars });
}
