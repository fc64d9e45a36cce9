import { parseArgs } from 'node:util';
import type { ReportPeriodInput } from '../core/report/report-period.ts';
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

/** The command line's options and positionals, as node:util's parseArgs reads them (strict: unknown ones throw). */
export function parseOptions(argv: string[]) {
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

/** The options parseOptions read. */
export type CliValues = ReturnType<typeof parseOptions>['values'];

export const FORMATS: readonly string[] = ['text', 'json'];
export const REPO = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;
export const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export function usageError(message: string): CliArgs {
  return { action: 'usage-error', message };
}
