import { dirname } from 'node:path';
import { defaultPolicy } from '../core/policy/default-policy.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { detectKind } from '../core/validation/detect-kind.ts';
import type { FileResult } from '../core/validation/file-result.ts';
import { validateText } from '../core/validation/validate-text.ts';
import type { CliIo } from './cli-io.ts';
import { findRepositoryConfig } from './find-repository-config.ts';
import { type ConfigUsed, formatJson, formatText } from './format-results.ts';
import { HELP_TEXT } from './help-text.ts';
import { parseCliArgs } from './parse-cli-args.ts';

export const EXIT = { valid: 0, invalid: 1, usage: 2 } as const;

/** FILE `-`: standard input, shown under this name. */
export const STDIN = '-';
const STDIN_NAME = '<stdin>';

/** `change-gate` as a function of its arguments and I/O (validate, help, version): returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
  const args = parseCliArgs(argv);
  if (args.action === 'help') {
    io.stdout(HELP_TEXT);
    return EXIT.valid;
  }
  if (args.action === 'version') {
    io.stdout(`${io.version}\n`);
    return EXIT.valid;
  }
  if (args.action === 'usage-error') return usageError(io, args.message);
  if (args.action !== 'validate')
    return usageError(
      io,
      `${args.action === 'notify-test' ? 'notify test' : args.action} runs from the change-gate command only`,
    );
  if (args.files.filter((file) => file === STDIN).length > 1)
    return usageError(io, 'standard input (-) can be read once');

  // 1. Read everything first: an unreadable file is a usage error, reported before any verdict.
  const texts = new Map<string, string>();
  const unreadable: string[] = [];
  const read = (file: string) => {
    if (texts.has(file)) return;
    try {
      texts.set(file, file === STDIN ? io.readStdin() : io.readFile(file));
    } catch (error) {
      unreadable.push(
        `change-gate: cannot read ${file === STDIN ? 'standard input' : file}: ${reason(error)}`,
      );
    }
  };
  if (args.config) read(args.config);
  for (const file of args.files) read(file);
  if (unreadable.length > 0) {
    io.stderr(`${unreadable.join('\n')}\n`);
    return EXIT.usage;
  }

  // 2. The policy each change request is checked against: --config, else its repository's config, else the defaults.
  const policies = new PolicyFinder(io, texts);
  if (args.config) {
    const loaded = policies.load(args.config, texts.get(args.config)!, `--config ${args.config}`);
    if (!loaded) return EXIT.usage;
    policies.fixed = { policy: loaded, used: { source: 'option', path: args.config } };
  }

  // 3. Validate and print.
  const results: FileResult[] = [];
  const configs: (ConfigUsed | null)[] = [];
  for (const file of args.files) {
    const text = texts.get(file)!;
    const name = file === STDIN ? STDIN_NAME : file;
    const kind = args.kind ?? detectKind(name, text);
    const isChange = kind === 'change' || kind === 'markdown';
    const found = isChange ? policies.forFile(file) : { policy: defaultPolicy(), used: null };
    if (found === null) return EXIT.usage;
    results.push(validateText({ file: name, text, kind, policy: found.policy }));
    configs.push(found.used);
  }
  io.stdout(args.format === 'json' ? formatJson(results, configs) : formatText(results));
  return results.every((result) => result.valid) ? EXIT.valid : EXIT.invalid;
}

interface FoundPolicy {
  policy: Policy;
  used: ConfigUsed;
}

/** Finds and loads the config of each file's repository once; says on stderr which one it uses. */
class PolicyFinder {
  fixed: FoundPolicy | null = null;
  readonly #byPath = new Map<string, FoundPolicy | null>();
  readonly #io: CliIo;
  readonly #texts: Map<string, string>;

  constructor(io: CliIo, texts: Map<string, string>) {
    this.#io = io;
    this.#texts = texts;
  }

  /** Null (after printing why) when the repository's config cannot be read or is not valid. */
  forFile(file: string): FoundPolicy | null {
    if (this.fixed) return this.fixed;
    const start = file === STDIN ? this.#io.cwd() : dirname(file);
    const repository = findRepositoryConfig(start, this.#io);
    if (!repository) return { policy: defaultPolicy(), used: { source: 'defaults', path: null } };
    if (this.#byPath.has(repository.path)) return this.#byPath.get(repository.path)!;
    let found: FoundPolicy | null = null;
    let text: string | undefined = this.#texts.get(repository.path);
    if (text === undefined) {
      try {
        text = this.#io.readFile(repository.path);
      } catch (error) {
        this.#io.stderr(
          `change-gate: cannot read the repository's config ${repository.path}: ${reason(error)}\n`,
        );
      }
    }
    if (text !== undefined) {
      const policy = this.load(repository.path, text);
      if (policy) {
        found = { policy, used: { source: 'repository', path: repository.path } };
        this.#io.stderr(
          `change-gate: checking change requests against the repository's config ${repository.path} (--config FILE to choose another)\n`,
        );
      }
    }
    this.#byPath.set(repository.path, found);
    return found;
  }

  /** The policy of a config text; null after printing its problems when it is not valid. */
  load(path: string, text: string, name = path): Policy | null {
    const loaded = loadPolicy(text);
    if (loaded.status === 'valid') return loaded.policy;
    const report = validateText({ file: path, text, kind: 'config', policy: defaultPolicy() });
    this.#io.stderr(`${formatText([report])}change-gate: ${name} is not a valid config\n`);
    return null;
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`change-gate: ${message}\nRun change-gate --help for usage.\n`);
  return EXIT.usage;
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
