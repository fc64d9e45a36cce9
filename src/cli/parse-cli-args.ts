import { parseArgs } from 'node:util';
import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import type { InputKind } from '../core/validation/file-result.ts';
import type { ReportScope } from '../github/ports/report-source-port.ts';

export type OutputFormat = 'text' | 'json';
export type ReportFormat = 'json' | 'csv' | 'markdown' | 'html';

export type CliArgs =
  | { action: 'help' }
  | { action: 'version' }
  | {
      action: 'validate';
      files: string[];
      kind: InputKind | null;
      format: OutputFormat;
      config: string | null;
    }
  | {
      action: 'doctor';
      repo: { owner: string; repo: string };
      format: OutputFormat;
      appSlug: string;
      appId: number | null;
    }
  | { action: 'notify-test'; config: string | null }
  | { action: 'labels'; repo: { owner: string; repo: string } }
  | {
      action: 'history';
      ref: { owner: string; repo: string; number: number };
      publicKeys: string[];
      format: OutputFormat;
      appSlug: string;
    }
  | {
      action: 'report';
      scope: ReportScope;
      period: ReportPeriodInput;
      publicKeys: string[];
      format: ReportFormat;
      /** Where to write the report; null: standard output. */
      output: string | null;
      appSlug: string;
    }
  | {
      action: 'audit-export';
      repo: { owner: string; repo: string };
      period: ReportPeriodInput;
      publicKeys: string[];
      appSlug: string;
      /** Null: standard output. */
      output: string | null;
    }
  | { action: 'audit-verify'; file: string; publicKeys: string[]; format: OutputFormat }
  | { action: 'usage-error'; message: string };

const KINDS: readonly string[] = ['change', 'config', 'markdown'];
const FORMATS: readonly string[] = ['text', 'json'];
const COMMANDS =
  'the commands are validate, doctor, labels, history, report, audit export, audit verify and notify test';
const REPORT_FORMATS: readonly string[] = ['json', 'csv', 'markdown', 'html'];
const REPORT_OPTIONS = ['period', 'from', 'to'] as const;
const REPO = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) return usageError(`no command given; ${COMMANDS}`);
  if (command === 'report') return reportArgs(values, rest);
  if (command === 'audit') return auditArgs(values, rest);
  for (const option of REPORT_OPTIONS)
    if (values[option] !== undefined) return usageError(`--${option} is an option of report`);
  if (values.output !== undefined) return usageError('--output is an option of report and audit export');
  if (values.org !== undefined) return usageError('--org is an option of report');
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format)) return usageError(`--format must be text or json, not "${format}"`);
  if (command === 'doctor') return doctorArgs(values, rest, format as OutputFormat);
  if (command === 'labels') return labelsArgs(values, rest);
  if (command === 'notify') return notifyArgs(values, rest);
  if (command === 'history') return historyArgs(values, rest, format as OutputFormat);
  if (command !== 'validate') return usageError(`unknown command "${command}"; ${COMMANDS}`);
  for (const option of ['repo', 'app-slug', 'app-id'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is an option of doctor, not validate`);
  for (const option of ['number', 'public-key'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is an option of history, not validate`);
  if (rest.length === 0) return usageError('no FILE given (- reads standard input)');
  const kind = values.kind ?? null;
  if (kind !== null && !KINDS.includes(kind))
    return usageError(`--kind must be change, config or markdown, not "${kind}"`);
  return {
    action: 'validate',
    files: rest,
    kind: kind as InputKind | null,
    format: format as OutputFormat,
    config: values.config ?? null,
  };
}

function doctorArgs(
  values: ReturnType<typeof parse>['values'],
  rest: string[],
  format: OutputFormat,
): CliArgs {
  if (rest.length > 0)
    return usageError(`doctor takes no FILE (got "${rest[0]}"); name the repository with --repo`);
  for (const option of ['kind', 'config'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is an option of validate, not doctor`);
  for (const option of ['number', 'public-key'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is an option of history, not doctor`);
  const match = REPO.exec(values.repo ?? '');
  if (!match) return usageError('doctor needs --repo OWNER/NAME');
  let appId: number | null = null;
  if (values['app-id'] !== undefined) {
    if (!/^[1-9]\d*$/.test(values['app-id']))
      return usageError(`--app-id must be a number, not "${values['app-id']}"`);
    appId = Number(values['app-id']);
  }
  return {
    action: 'doctor',
    repo: { owner: match[1]!, repo: match[2]! },
    format,
    appSlug: values['app-slug'] ?? 'change-gate',
    appId,
  };
}

function labelsArgs(values: ReturnType<typeof parse>['values'], rest: string[]): CliArgs {
  if (rest.length > 0)
    return usageError(`labels takes no FILE (got "${rest[0]}"); name the repository with --repo`);
  for (const option of ['kind', 'config', 'app-slug', 'app-id', 'format', 'number', 'public-key'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of labels`);
  const match = REPO.exec(values.repo ?? '');
  if (!match) return usageError('labels needs --repo OWNER/NAME');
  return { action: 'labels', repo: { owner: match[1]!, repo: match[2]! } };
}

function notifyArgs(values: ReturnType<typeof parse>['values'], rest: string[]): CliArgs {
  if (rest[0] !== 'test' || rest.length > 1)
    return usageError('notify takes one subcommand: notify test [--config FILE]');
  for (const option of ['kind', 'repo', 'app-slug', 'app-id', 'format', 'number', 'public-key'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of notify test`);
  return { action: 'notify-test', config: values.config ?? null };
}

function historyArgs(
  values: ReturnType<typeof parse>['values'],
  rest: string[],
  format: OutputFormat,
): CliArgs {
  if (rest.length > 0)
    return usageError(`history takes no FILE (got "${rest[0]}"); name the change with --repo and --number`);
  for (const option of ['kind', 'config', 'app-id'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of history`);
  const match = REPO.exec(values.repo ?? '');
  if (!match) return usageError('history needs --repo OWNER/NAME');
  if (values.number === undefined) return usageError('history needs --number N (the pull request or issue)');
  if (!/^[1-9]\d{0,9}$/.test(values.number) || Number(values.number) > 2_147_483_647)
    return usageError(`--number must be a pull request or issue number, not "${values.number}"`);
  const publicKeys = values['public-key'] ?? [];
  if (publicKeys.length === 0)
    return usageError('history needs --public-key FILE (the history public key; repeat it for rotated keys)');
  return {
    action: 'history',
    ref: { owner: match[1]!, repo: match[2]!, number: Number(values.number) },
    publicKeys,
    format,
    appSlug: values['app-slug'] ?? 'change-gate',
  };
}

function reportArgs(values: ReturnType<typeof parse>['values'], rest: string[]): CliArgs {
  if (rest.length > 0)
    return usageError(`report takes no FILE (got "${rest[0]}"); name the repository with --repo, or --org`);
  for (const option of ['kind', 'config', 'app-id', 'number'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of report`);
  let scope: ReportScope;
  if (values.repo !== undefined && values.org !== undefined)
    return usageError('report takes --repo OWNER/NAME or --org OWNER, not both');
  if (values.org !== undefined) {
    if (!OWNER.test(values.org))
      return usageError(`--org must be an organization or user name, not "${values.org}"`);
    scope = { kind: 'owner', owner: values.org };
  } else {
    const match = REPO.exec(values.repo ?? '');
    if (!match)
      return usageError('report needs --repo OWNER/NAME (one repository) or --org OWNER (all of them)');
    scope = { kind: 'repository', owner: match[1]!, repo: match[2]! };
  }
  const format = values.format ?? 'markdown';
  if (!REPORT_FORMATS.includes(format))
    return usageError(`report's --format must be markdown, json, csv or html, not "${format}"`);
  if (values.output === '') return usageError('--output needs a FILE');
  const period = periodArgs(values, 'report');
  if (typeof period === 'object' && 'action' in period) return period;
  const publicKeys = values['public-key'] ?? [];
  if (publicKeys.length === 0)
    return usageError('report needs --public-key FILE (the history public key; repeat it for rotated keys)');
  return {
    action: 'report',
    scope,
    period,
    publicKeys,
    format: format as ReportFormat,
    output: values.output ?? null,
    appSlug: values['app-slug'] ?? 'change-gate',
  };
}

/** --period MONTH, or --from and --to: the period, or the usage error saying what to write. */
function periodArgs(
  values: ReturnType<typeof parse>['values'],
  command: string,
): ReportPeriodInput | { action: 'usage-error'; message: string } {
  let period: ReportPeriodInput;
  if (values.period !== undefined) {
    if (values.from !== undefined || values.to !== undefined)
      return {
        action: 'usage-error',
        message: `${command} takes --period MONTH or --from and --to, not both`,
      };
    period = values.period;
  } else if (values.from !== undefined && values.to !== undefined) {
    period = { from: values.from, to: values.to };
  } else {
    return {
      action: 'usage-error',
      message: `${command} needs --period YYYY-MM, or --from ISO-TIME and --to ISO-TIME`,
    };
  }
  try {
    reportPeriod(period);
  } catch (error) {
    return { action: 'usage-error', message: (error as Error).message };
  }
  return period;
}

function auditArgs(values: ReturnType<typeof parse>['values'], rest: string[]): CliArgs {
  const [sub, ...files] = rest;
  for (const option of ['kind', 'config', 'app-id', 'number', 'org'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of audit`);
  const publicKeys = values['public-key'] ?? [];
  const keysNeeded = `audit ${sub} needs --public-key FILE (the history public key; repeat it for rotated keys)`;
  if (sub === 'verify') {
    if (files.length !== 1) return usageError('audit verify takes one EXPORT file (- reads standard input)');
    for (const option of ['repo', 'period', 'from', 'to', 'output', 'app-slug'] as const)
      if (values[option] !== undefined) return usageError(`--${option} is not an option of audit verify`);
    const format = values.format ?? 'text';
    if (!FORMATS.includes(format)) return usageError(`--format must be text or json, not "${format}"`);
    if (publicKeys.length === 0) return usageError(keysNeeded);
    return { action: 'audit-verify', file: files[0]!, publicKeys, format: format as OutputFormat };
  }
  if (sub !== 'export') return usageError('audit takes a subcommand: audit export or audit verify');
  if (files.length > 0)
    return usageError(`audit export takes no FILE (got "${files[0]}"); write to a file with --output FILE`);
  if (values.format !== undefined)
    return usageError('audit export writes JSON only; --format is not an option');
  const match = REPO.exec(values.repo ?? '');
  if (!match) return usageError('audit export needs --repo OWNER/NAME');
  const period = periodArgs(values, 'audit export');
  if (typeof period === 'object' && 'action' in period) return period;
  if (publicKeys.length === 0) return usageError(keysNeeded);
  return {
    action: 'audit-export',
    repo: { owner: match[1]!, repo: match[2]! },
    period,
    publicKeys,
    appSlug: values['app-slug'] ?? 'change-gate',
    output: values.output ?? null,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: 'string' },
      format: { type: 'string' },
      config: { type: 'string' },
      repo: { type: 'string' },
      org: { type: 'string' },
      'app-slug': { type: 'string' },
      'app-id': { type: 'string' },
      number: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}

function usageError(message: string): CliArgs {
  return { action: 'usage-error', message };
}
