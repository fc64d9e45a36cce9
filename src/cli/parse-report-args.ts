import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import type { ReportScope } from '../github/ports/report-source-port.ts';
import {
  type CliArgs,
  type CliValues,
  FORMATS,
  type OutputFormat,
  OWNER,
  REPO,
  type ReportFormat,
  usageError,
} from './cli-args.ts';

const REPORT_FORMATS: readonly string[] = ['json', 'csv', 'markdown', 'html'];

/** `report`'s arguments: the scope (--repo or --org), the period, the keys, the format and where it goes. */
export function reportArgs(values: CliValues, rest: string[]): CliArgs {
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
  values: CliValues,
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

export function auditArgs(values: CliValues, rest: string[]): CliArgs {
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
