import { defaultPolicy } from '../core/policy/default-policy.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import type { CliIo } from './cli-io.ts';
import { formatJson, formatText } from './format-results.ts';
import { HELP_TEXT } from './help-text.ts';
import { parseCliArgs } from './parse-cli-args.ts';
import { validateText } from './validate-text.ts';

export const EXIT = { valid: 0, invalid: 1, usage: 2 } as const;

/** `change-gate` as a function of its arguments and I/O: returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
  const args = parseCliArgs(argv);
  if (args.action === 'help') {
    io.stdout(HELP_TEXT);
    return EXIT.valid;
  }
  if (args.action === 'usage-error') {
    io.stderr(`change-gate: ${args.message}\nRun change-gate --help for usage.\n`);
    return EXIT.usage;
  }
  // 1. Read everything first: an unreadable file is a usage error, reported before any verdict.
  const texts = new Map<string, string>();
  const unreadable: string[] = [];
  for (const file of args.config ? [args.config, ...args.files] : args.files) {
    try {
      texts.set(file, io.readFile(file));
    } catch (error) {
      unreadable.push(`change-gate: cannot read ${file}: ${reason(error)}`);
    }
  }
  if (unreadable.length > 0) {
    io.stderr(`${unreadable.join('\n')}\n`);
    return EXIT.usage;
  }
  // 2. The policy change requests are checked against.
  let policy: Policy = defaultPolicy();
  if (args.config) {
    const loaded = loadPolicy(texts.get(args.config)!);
    if (loaded.status === 'invalid') {
      const report = validateText({
        file: args.config,
        text: texts.get(args.config)!,
        kind: 'config',
        policy,
      });
      io.stderr(`${formatText([report])}change-gate: --config ${args.config} is not a valid config\n`);
      return EXIT.usage;
    }
    policy = loaded.policy;
  }
  // 3. Validate and print.
  const results = args.files.map((file) =>
    validateText({ file, text: texts.get(file)!, kind: args.kind, policy }),
  );
  io.stdout(args.format === 'json' ? formatJson(results) : formatText(results));
  return results.every((result) => result.valid) ? EXIT.valid : EXIT.invalid;
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
