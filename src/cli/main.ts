#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import packageJson from '../../package.json' with { type: 'json' };
import { octokitAuditSourcePort } from '../github/octokit/octokit-audit-source-port.ts';
import { octokitChangeCommentsPort } from '../github/octokit/octokit-change-comments-port.ts';
import { createOctokitLabelPort } from '../github/octokit/octokit-label-port.ts';
import { octokitReportSourcePort } from '../github/octokit/octokit-report-source-port.ts';
import { octokitRepositorySettingsPort } from '../github/octokit/octokit-repository-settings-port.ts';
import { withGitHubErrors } from '../github/octokit/to-github-error.ts';
import { createNotificationSender } from '../notify/create-notification-sender.ts';
import { chartJsSource } from './chart-js-source.ts';
import { findRepositoryConfig } from './find-repository-config.ts';
import { parseCliArgs } from './parse-cli-args.ts';
import { reportProgress } from './report-progress.ts';
import { AUDIT_EXPORT_EXIT, runAuditExport } from './run-audit-export.ts';
import { runAuditVerify } from './run-audit-verify.ts';
import { runCli } from './run-cli.ts';
import { DOCTOR_EXIT, runDoctor } from './run-doctor.ts';
import { HISTORY_EXIT, runHistory } from './run-history.ts';
import { LABELS_EXIT, runLabels } from './run-labels.ts';
import { NOTIFY_EXIT, runNotifyTest } from './run-notify-test.ts';
import { REPORT_EXIT, runReport } from './run-report.ts';

const stdout = (text: string) => process.stdout.write(text);
const stderr = (text: string) => process.stderr.write(text);
const argv = process.argv.slice(2);
const args = parseCliArgs(argv);

/** An Octokit client with the user's token, GHES through GITHUB_API_URL; null (said on stderr) without a token. */
function userOctokit(command: string): Octokit | null {
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) {
    stderr(`change-gate ${command}: set GITHUB_TOKEN or GH_TOKEN to a token that can read the repository\n`);
    return null;
  }
  return new Octokit({
    auth: token,
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: `change-gate-${command}/${packageJson.version}`,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

if (args.action === 'doctor') {
  const octokit = userOctokit('doctor');
  if (!octokit) {
    process.exitCode = DOCTOR_EXIT.usage;
  } else {
    const port = withGitHubErrors(octokitRepositorySettingsPort({ octokit, ...args.repo }));
    process.exitCode = await runDoctor({
      repo: args.repo,
      format: args.format,
      app: { slug: args.appSlug, id: args.appId },
      port,
      stdout,
      stderr,
    });
  }
} else if (args.action === 'labels') {
  const octokit = userOctokit('labels');
  process.exitCode = octokit
    ? await runLabels({ repo: args.repo, port: createOctokitLabelPort(octokit), stdout, stderr })
    : LABELS_EXIT.usage;
} else if (args.action === 'history') {
  const octokit = userOctokit('history');
  if (!octokit) {
    process.exitCode = HISTORY_EXIT.usage;
  } else {
    process.exitCode = await runHistory({
      ref: args.ref,
      publicKeys: args.publicKeys,
      format: args.format,
      appSlug: args.appSlug,
      readFile: (path) => readFileSync(path, 'utf8'),
      port: withGitHubErrors(octokitChangeCommentsPort(octokit)),
      stdout,
      stderr,
    });
  }
} else if (args.action === 'report') {
  const octokit = userOctokit('report');
  if (!octokit) {
    process.exitCode = REPORT_EXIT.usage;
  } else {
    process.exitCode = await runReport({
      scope: args.scope,
      period: args.period,
      publicKeys: args.publicKeys,
      format: args.format,
      output: args.output,
      appSlug: args.appSlug,
      readFile: (path) => readFileSync(path, 'utf8'),
      writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
      chartJs: chartJsSource,
      now: new Date(),
      port: withGitHubErrors(octokitReportSourcePort({ octokit })),
      progress: reportProgress(process.stderr),
      stdout,
      stderr,
    });
  }
} else if (args.action === 'audit-export') {
  const octokit = userOctokit('audit export');
  if (!octokit) {
    process.exitCode = AUDIT_EXPORT_EXIT.usage;
  } else {
    process.exitCode = await runAuditExport({
      repo: args.repo,
      period: args.period,
      publicKeys: args.publicKeys,
      appSlug: args.appSlug,
      output: args.output,
      readFile: (path) => readFileSync(path, 'utf8'),
      writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
      port: withGitHubErrors(octokitAuditSourcePort({ octokit, ...args.repo })),
      now: () => new Date(),
      stdout,
      stderr,
    });
  }
} else if (args.action === 'audit-verify') {
  process.exitCode = runAuditVerify({
    file: args.file,
    publicKeys: args.publicKeys,
    format: args.format,
    readFile: (path) => readFileSync(path, 'utf8'),
    readStdin: () => readFileSync(0, 'utf8'),
    stdout,
    stderr,
  });
} else if (args.action === 'notify-test') {
  const configPath =
    args.config ?? findRepositoryConfig('.', { exists: existsSync, cwd: () => process.cwd() })?.path ?? null;
  if (configPath === null) {
    stderr(
      'change-gate notify test: no --config FILE, and no .github/change-management.yml in this repository\n',
    );
    process.exitCode = NOTIFY_EXIT.usage;
  } else {
    let configText: string | null = null;
    try {
      configText = readFileSync(configPath, 'utf8');
    } catch (error) {
      stderr(`change-gate notify test: cannot read ${configPath}: ${(error as Error).message}\n`);
      process.exitCode = NOTIFY_EXIT.usage;
    }
    if (configText !== null) {
      process.exitCode = await runNotifyTest({
        configPath,
        configText,
        sender: createNotificationSender({ env: process.env }),
        now: new Date(),
        stdout,
        stderr,
      });
    }
  }
} else {
  process.exitCode = runCli(argv, {
    readFile: (path) => readFileSync(path, 'utf8'),
    readStdin: () => readFileSync(0, 'utf8'),
    exists: (path) => existsSync(path),
    cwd: () => process.cwd(),
    version: packageJson.version,
    stdout,
    stderr,
  });
}
