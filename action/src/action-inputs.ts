import { isAbsolute, normalize } from 'node:path';
import type { DeployResult } from '../../src/core/deploy/deployment-outcome.ts';
import { CONFIG_PATH } from '../../src/core/policy/config-path.ts';
import { type ReportPeriodInput, reportPeriod } from '../../src/core/report/report-period.ts';
import type { CoverageFormat } from '../../src/core/testing/coverage-error.ts';
import { COVERAGE_FORMATS } from '../../src/core/testing/coverage-error.ts';
import { DurationError, parseDuration } from '../../src/core/text/parse-duration.ts';
import type { ActionIO } from './action-io.ts';

export const DEPLOYMENT_ID_VARIABLE = 'CHANGE_GATE_DEPLOYMENT_ID';
const MAX_TIMEOUT_MS = 6 * 3_600_000; // a GitHub-hosted job runs 6 hours at most
const MIN_INTERVAL_MS = 1000;

export interface CommonInputs {
  token: string;
  owner: string;
  repo: string;
  apiUrl: string;
  /** null = the config's `check_name`. */
  checkName: string | null;
}

export interface GateInputs extends CommonInputs {
  command: 'gate';
  environment: string;
  sha: string;
  appSlug: string;
  appId: number | null;
  wait: boolean;
  intervalMs: number;
  timeoutMs: number;
  /** Link shown on the deployment status: the workflow run. */
  runUrl: string | null;
}

export interface FinishInputs extends CommonInputs {
  command: 'finish';
  sha: string;
  result: DeployResult;
  deploymentId: number;
  coverageFile: string | null;
  coverageFormat: CoverageFormat | null;
  runUrl: string | null;
}

export interface SweepInputs extends CommonInputs {
  command: 'sweep';
  /** The Change Gate app: only its check runs count, and its bot writes the history. */
  appId: number;
  appSlug: string;
  /** The app's private key (PEM) that signs history; null = CHANGE_GATE_SIGNING_KEY. */
  privateKey: string | null;
  label: string;
  /** `repository`: this workflow's repository; `organization`: every repository of its owner the token sees. */
  scope: 'repository' | 'organization';
}

export interface ReportInputs extends CommonInputs {
  command: 'report';
  /** A month (`2026-01`), or a range; null = the month before the run's. */
  period: ReportPeriodInput | null;
  /** PEM texts of the public keys that verify the history (the app's, and any rotated ones). */
  publicKeys: string[];
  /** Where the JSON report is written, relative to the workspace. */
  reportFile: string;
  /** Where the Markdown report is written (the job summary's text, for an issue or a wiki page). */
  markdownFile: string;
  appSlug: string;
}

export type ActionInputs = GateInputs | FinishInputs | SweepInputs | ReportInputs;

/** An input the workflow got wrong: the message says which one and what to write. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Reads and checks every input the command needs; throws InputError naming the first bad one. */
export function readInputs(io: ActionIO): ActionInputs {
  const command = io.input('command') || 'gate';
  if (command !== 'gate' && command !== 'finish' && command !== 'sweep' && command !== 'report') {
    throw new InputError(
      `input command: "${command.slice(0, 40)}" is not gate, finish, sweep, report or validate`,
    );
  }
  const common = readCommon(io);
  if (command === 'sweep') return readSweep(io, common);
  if (command === 'report') return readReport(io, common);
  const sha = readSha(io);
  const runUrl = readRunUrl(io);
  if (command === 'finish') {
    const coverageFormat = io.input('coverage-format');
    if (coverageFormat && !(COVERAGE_FORMATS as readonly string[]).includes(coverageFormat)) {
      throw new InputError(
        `input coverage-format: "${coverageFormat.slice(0, 40)}" is not one of ${COVERAGE_FORMATS.join(', ')}`,
      );
    }
    return {
      ...common,
      command,
      sha,
      result: readResult(io.input('result')),
      deploymentId: readDeploymentId(io),
      coverageFile: io.input('coverage-file') || null,
      coverageFormat: (coverageFormat || null) as CoverageFormat | null,
      runUrl,
    };
  }
  const environment = io.input('environment');
  if (!environment)
    throw new InputError('input environment is required for gate: the environment you deploy to');
  if (environment.length > 255) throw new InputError('input environment: longer than GitHub allows (255)');
  const intervalMs = readDuration({ io, name: 'interval', fallback: '10s' });
  const timeoutMs = readDuration({ io, name: 'timeout', fallback: '30m' });
  if (intervalMs < MIN_INTERVAL_MS) throw new InputError('input interval: at least 1s');
  if (timeoutMs > MAX_TIMEOUT_MS) throw new InputError('input timeout: at most 6h, the longest a job runs');
  const appId = io.input('app-id');
  if (appId && !/^[1-9]\d{0,11}$/.test(appId))
    throw new InputError(`input app-id: "${appId.slice(0, 40)}" is not a number`);
  return {
    ...common,
    command,
    environment,
    sha,
    appSlug: io.input('app-slug') || 'change-gate',
    appId: appId ? Number(appId) : null,
    wait: readBoolean({ io, name: 'wait' }),
    intervalMs,
    timeoutMs,
    runUrl,
  };
}

function readSweep(io: ActionIO, common: CommonInputs): SweepInputs {
  const appId = io.input('app-id');
  if (!/^[1-9]\d{0,11}$/.test(appId)) {
    throw new InputError(
      appId
        ? `input app-id: "${appId.slice(0, 40)}" is not a number`
        : 'input app-id is required for sweep: the id of the Change Gate app whose token github-token is',
    );
  }
  const privateKey = io.input('private-key').replace(/\\n/g, '\n') || null;
  if (!privateKey && !io.env('CHANGE_GATE_SIGNING_KEY')) {
    throw new InputError(
      "input private-key is required for sweep (or CHANGE_GATE_SIGNING_KEY in the step's env): the app's key signs the history it writes",
    );
  }
  const scope = io.input('scope') || 'repository';
  if (scope !== 'repository' && scope !== 'organization') {
    throw new InputError(`input scope: "${scope.slice(0, 40)}" is not repository or organization`);
  }
  return {
    ...common,
    command: 'sweep',
    appId: Number(appId),
    appSlug: io.input('app-slug') || 'change-gate',
    privateKey,
    label: io.input('label') || 'change',
    scope,
  };
}

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

function readReport(io: ActionIO, common: CommonInputs): ReportInputs {
  const text = io.input('public-key').replace(/\\n/g, '\n');
  const publicKeys = text.match(PEM_BLOCK) ?? [];
  if (publicKeys.length === 0) {
    throw new InputError(
      text
        ? 'input public-key: no PEM key in it (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)'
        : "input public-key is required for report: the app's public key (and any rotated ones) verifies every history entry",
    );
  }
  const month = io.input('period');
  const from = io.input('from');
  const to = io.input('to');
  if (month && (from || to))
    throw new InputError('inputs period and from/to: give a month or a range, not both');
  if (Boolean(from) !== Boolean(to)) throw new InputError('inputs from and to: give both ends of the range');
  const period: ReportPeriodInput | null = month || (from ? { from, to } : null);
  try {
    if (period !== null) reportPeriod(period);
  } catch (error) {
    throw new InputError(`input ${month ? 'period' : 'from/to'}: ${(error as Error).message}`);
  }
  return {
    ...common,
    command: 'report',
    period,
    publicKeys,
    reportFile: readWorkspacePath(io, 'report-file', 'change-report.json'),
    markdownFile: readWorkspacePath(io, 'markdown-file', 'change-report.md'),
    appSlug: io.input('app-slug') || 'change-gate',
  };
}

function readWorkspacePath(io: ActionIO, name: string, fallback: string): string {
  const path = io.input(name) || fallback;
  if (isAbsolute(path) || normalize(path).startsWith('..')) {
    throw new InputError(`input ${name}: "${path.slice(0, 100)}" is not a path inside the workspace`);
  }
  return path;
}

function readCommon(io: ActionIO): CommonInputs {
  const token = io.input('github-token');
  if (!token)
    throw new InputError("input github-token is empty: pass the workflow's github.token or an app token");
  const repository = io.env('GITHUB_REPOSITORY') ?? '';
  const [owner, repo, extra] = repository.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new InputError(
      `GITHUB_REPOSITORY "${repository.slice(0, 100)}" is not owner/repo; run this inside a workflow`,
    );
  }
  // The policy is read as the app reads it, from the default branch: a workflow (which the deployed commit
  // carries) cannot point the gate at another file.
  const configPath = io.input('config-path');
  if (configPath && configPath !== CONFIG_PATH) {
    throw new InputError(
      `input config-path: "${configPath.slice(0, 100)}" is not read: the policy is ${CONFIG_PATH} on the default branch, as the app reads it; remove the input`,
    );
  }
  return {
    token,
    owner,
    repo,
    apiUrl: (io.env('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, ''),
    checkName: io.input('check-name') || null,
  };
}

function readSha(io: ActionIO): string {
  const sha = (io.input('sha') || io.env('GITHUB_SHA') || '').toLowerCase();
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha)) {
    throw new InputError(`input sha: "${sha.slice(0, 80)}" is not a full commit SHA (40 hex characters)`);
  }
  return sha;
}

/** `${{ job.status }}` gives success, failure or cancelled: a cancelled deploy did not complete. */
function readResult(text: string): DeployResult {
  const value = text.toLowerCase().replace(/[\s-]+/g, '_');
  if (value === 'success') return 'success';
  if (value === 'failure' || value === 'cancelled' || value === 'canceled') return 'failure';
  if (value === 'rolled_back' || value === 'rollback') return 'rolled_back';
  throw new InputError(
    `input result: "${text.slice(0, 40)}" is not success, failure, cancelled or rolled_back (pass \${{ job.status }})`,
  );
}

function readDeploymentId(io: ActionIO): number {
  const text = io.input('deployment-id') || io.env(DEPLOYMENT_ID_VARIABLE) || '';
  if (!/^[1-9]\d{0,15}$/.test(text)) {
    throw new InputError(
      text
        ? `input deployment-id: "${text.slice(0, 40)}" is not a deployment id`
        : "input deployment-id is empty and no gate step ran before in this job: pass the gate step's deployment-id output",
    );
  }
  return Number(text);
}

function readBoolean(options: { io: ActionIO; name: string }): boolean {
  const text = options.io.input(options.name).toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw new InputError(`input ${options.name}: "${text.slice(0, 40)}" is not true or false`);
}

/** The config's duration grammar; 0 reads (`timeout: 0` decides once), `interval: 0s` then meets its bound. */
function readDuration(options: { io: ActionIO; name: string; fallback: string }): number {
  try {
    return parseDuration(options.io.input(options.name) || options.fallback, { allowZero: true });
  } catch (error) {
    if (error instanceof DurationError) throw new InputError(`input ${options.name}: ${error.message}`);
    throw error;
  }
}

function readRunUrl(io: ActionIO): string | null {
  const server = io.env('GITHUB_SERVER_URL');
  const repository = io.env('GITHUB_REPOSITORY');
  const runId = io.env('GITHUB_RUN_ID');
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null;
}
