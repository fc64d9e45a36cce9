import type { InputKind } from '../core/validation/file-result.ts';
import {
  type CliArgs,
  type CliValues,
  FORMATS,
  type OutputFormat,
  parseOptions,
  REPO,
  usageError,
} from './cli-args.ts';
import { auditArgs, reportArgs } from './parse-report-args.ts';

const KINDS: readonly string[] = ['change', 'config', 'markdown'];
const COMMANDS =
  'the commands are validate, doctor, labels, history, report, audit export, audit verify and notify test';
const REPORT_OPTIONS = ['period', 'from', 'to'] as const;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
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

function doctorArgs(values: CliValues, rest: string[], format: OutputFormat): CliArgs {
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

function labelsArgs(values: CliValues, rest: string[]): CliArgs {
  if (rest.length > 0)
    return usageError(`labels takes no FILE (got "${rest[0]}"); name the repository with --repo`);
  for (const option of ['kind', 'config', 'app-slug', 'app-id', 'format', 'number', 'public-key'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of labels`);
  const match = REPO.exec(values.repo ?? '');
  if (!match) return usageError('labels needs --repo OWNER/NAME');
  return { action: 'labels', repo: { owner: match[1]!, repo: match[2]! } };
}

function notifyArgs(values: CliValues, rest: string[]): CliArgs {
  if (rest[0] !== 'test' || rest.length > 1)
    return usageError('notify takes one subcommand: notify test [--config FILE]');
  for (const option of ['kind', 'repo', 'app-slug', 'app-id', 'format', 'number', 'public-key'] as const)
    if (values[option] !== undefined) return usageError(`--${option} is not an option of notify test`);
  return { action: 'notify-test', config: values.config ?? null };
}

function historyArgs(values: CliValues, rest: string[], format: OutputFormat): CliArgs {
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
