import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Octokit as RestOctokit } from '@octokit/rest';
import { createVerifier } from '../../src/core/history/create-verifier.ts';
import { reportJson } from '../../src/core/report/report-json.ts';
import { reportMarkdown } from '../../src/core/report/report-markdown.ts';
import type { ReportPeriodInput } from '../../src/core/report/report-period.ts';
import { octokitReportSourcePort } from '../../src/github/octokit/octokit-report-source-port.ts';
import { errorMessage } from '../../src/github/ports/error-message.ts';
import { buildScopeReport } from '../../src/use-cases/build-scope-report.ts';
import { InputError, type ReportInputs } from './action-inputs.ts';
import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import { createActionOctokit, type RetryOptions } from './create-action-octokit.ts';

/** The calendar month before NOW (UTC), as `YYYY-MM`: a monthly schedule reports the month that just ended. */
export const previousMonth = (now: Date): string => {
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return month.toISOString().slice(0, 7);
};

/**
 * `command: report`: the repository's change report for a period, as `change-gate report` builds it (every
 * history verified with the public keys only). The Markdown goes to the job summary, the JSON to `report-file`
 * and the Markdown to `markdown-file` for the next steps (a monthly issue, an archive). Changes whose history does not verify are counted apart,
 * named in a warning and in the report; the step fails only when the report cannot be built.
 */
export async function report(options: {
  inputs: ReportInputs;
  io: ActionIO;
  clock: Clock;
  /** The client's backoff. */
  retry: RetryOptions;
}): Promise<CommandOutcome> {
  const { inputs, io } = options;
  const verifiers = inputs.publicKeys.map((pem, index) => {
    try {
      return createVerifier(pem);
    } catch (error) {
      throw new InputError(`input public-key: key ${index + 1} is not a public key: ${errorMessage(error)}`);
    }
  });
  const period: ReportPeriodInput = inputs.period ?? previousMonth(options.clock.now());
  io.info(`Change Gate report: ${inputs.owner}/${inputs.repo}, period ${JSON.stringify(period)}`);
  const built = await buildScopeReport({
    // Probot's client and the action's are both Octokit with `request` and `graphql`.
    port: octokitReportSourcePort({
      octokit: createActionOctokit({
        token: inputs.token,
        baseUrl: inputs.apiUrl,
        retry: options.retry,
        Octokit: RestOctokit,
      }) as never,
    }),
    scope: { kind: 'repository', owner: inputs.owner, repo: inputs.repo },
    period,
    botLogin: `${inputs.appSlug}[bot]`,
    verifiers,
  });
  const markdown = reportMarkdown(built);
  const workspace = io.env('GITHUB_WORKSPACE') || process.cwd();
  for (const [path, text] of [
    [inputs.reportFile, reportJson(built)],
    [inputs.markdownFile, markdown],
  ] as const) {
    const file = join(workspace, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  io.setOutput('report-file', inputs.reportFile);
  io.setOutput('markdown-file', inputs.markdownFile);
  io.setOutput('total-changes', String(built.total_changes));
  io.setOutput('not-counted', String(built.not_counted.total));
  io.info(`${built.total_changes} change(s) in ${built.report_period}; JSON written to ${inputs.reportFile}`);
  for (const change of built.not_counted.changes)
    io.warning(
      `${change.repository}#${change.number} (${change.change_id}) not counted: ${change.reasons.join('; ')}`,
    );
  await io.appendSummary(markdown);
  return { failure: null };
}
