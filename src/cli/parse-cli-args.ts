import { parseArgs } from 'node:util';
import type { InputKind } from './file-result.ts';

export type CliArgs =
  | { action: 'help' }
  | {
      action: 'validate';
      files: string[];
      kind: InputKind | null;
      format: 'text' | 'json';
      config: string | null;
    }
  | { action: 'usage-error'; message: string };

const KINDS: readonly string[] = ['change', 'config', 'markdown'];
const FORMATS: readonly string[] = ['text', 'json'];

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: 'help' };
  const [command, ...files] = positionals;
  if (command === undefined) return usageError('no command given; the command is validate');
  if (command !== 'validate') return usageError(`unknown command "${command}"; the command is validate`);
  if (files.length === 0) return usageError('no FILE given');
  const kind = values.kind ?? null;
  if (kind !== null && !KINDS.includes(kind))
    return usageError(`--kind must be change, config or markdown, not "${kind}"`);
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format)) return usageError(`--format must be text or json, not "${format}"`);
  return {
    action: 'validate',
    files,
    kind: kind as InputKind | null,
    format: format as 'text' | 'json',
    config: values.config ?? null,
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
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usageError(message: string): CliArgs {
  return { action: 'usage-error', message };
}
