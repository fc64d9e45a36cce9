import { existsSync, globSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CONFIG_PATH } from '../../src/core/policy/config-path.ts';
import { defaultPolicy } from '../../src/core/policy/default-policy.ts';
import { loadPolicy } from '../../src/core/policy/load-policy.ts';
import type { Policy } from '../../src/core/policy/policy.ts';
import { codeSpan, escapeMarkdown } from '../../src/core/text/escape-markdown.ts';
import { detectKind } from '../../src/core/validation/detect-kind.ts';
import type { FileResult } from '../../src/core/validation/file-result.ts';
import { validateText } from '../../src/core/validation/validate-text.ts';
import { InputError } from './action-inputs.ts';
import type { ActionIO, CommandOutcome } from './action-io.ts';

const MAX_FILES = 1000;

/**
 * `command: validate`: checks config and change files as `change-gate validate` does (change requests against
 * the workspace's .github/change-management.yml when present, else the defaults), one annotation per problem,
 * a summary table and the output `valid`. Reads only the workspace; no GitHub API call.
 */
export async function validate(options: { io: ActionIO }): Promise<CommandOutcome> {
  const { io } = options;
  const workspace = io.env('GITHUB_WORKSPACE') || process.cwd();
  const files = expandFiles(workspace, io.input('files') || CONFIG_PATH);

  const configFile = join(workspace, CONFIG_PATH);
  let policy: Policy = defaultPolicy();
  let configBroken = false;
  if (existsSync(configFile)) {
    const loaded = loadPolicy(readFileSync(configFile, 'utf8'));
    if (loaded.status === 'valid') {
      policy = loaded.policy;
      io.info(`Checking change requests against the repository's config ${CONFIG_PATH}`);
    } else configBroken = true;
  }

  const results: FileResult[] = [];
  for (const file of files) {
    const text = readFileSync(join(workspace, file), 'utf8');
    const kind = detectKind(file, text);
    if ((kind === 'change' || kind === 'markdown') && configBroken) {
      results.push({
        file,
        kind,
        valid: false,
        problems: [
          {
            line: 0,
            column: 0,
            severity: 'error',
            message: `not checked: the repository's config ${CONFIG_PATH} is not valid`,
          },
        ],
        summary: null,
      });
      continue;
    }
    const isChange = kind === 'change' || kind === 'markdown';
    results.push(validateText({ file, text, kind, policy: isChange ? policy : defaultPolicy() }));
  }
  if (configBroken && !files.includes(CONFIG_PATH)) {
    results.push(
      validateText({
        file: CONFIG_PATH,
        text: readFileSync(configFile, 'utf8'),
        kind: 'config',
        policy: defaultPolicy(),
      }),
    );
  }

  for (const result of results) {
    for (const problem of result.problems) {
      io.annotate({
        severity: problem.severity,
        message: problem.message,
        file: result.file,
        ...(problem.line > 0 ? { startLine: problem.line, startColumn: problem.column } : {}),
      });
    }
    if (result.valid) io.info(`${result.file}: valid (${result.summary})`);
  }
  const invalid = results.filter((result) => !result.valid);
  io.setOutput('valid', String(invalid.length === 0));
  await io.appendSummary(renderValidateSummary(results));
  return {
    failure:
      invalid.length === 0
        ? null
        : `Change Gate: ${invalid.length} of ${results.length} file(s) not valid: ${invalid.map((result) => result.file).join(', ')}`,
  };
}

/** The `files` input: paths or globs separated by spaces or newlines, each inside the workspace and matching a file. */
export function expandFiles(workspace: string, input: string): string[] {
  const patterns = input.split(/\s+/).filter(Boolean);
  const files: string[] = [];
  for (const pattern of patterns) {
    if (isAbsolute(pattern) || pattern.split(/[/\\]/).includes('..')) {
      throw new InputError(
        `input files: "${pattern.slice(0, 100)}" is outside the workspace; give a relative path`,
      );
    }
    const matches = globSync(pattern, { cwd: workspace })
      .map((match) => match.split('\\').join('/'))
      .filter((match) => statSync(join(workspace, match)).isFile())
      .sort();
    if (matches.length === 0) {
      throw new InputError(
        `input files: "${pattern.slice(0, 100)}" matches no file in the workspace (paths and globs are relative to GITHUB_WORKSPACE; did the job check out the repository?)`,
      );
    }
    for (const match of matches) if (!files.includes(match)) files.push(match);
  }
  if (files.length > MAX_FILES)
    throw new InputError(`input files: ${files.length} files, at most ${MAX_FILES}`);
  return files;
}

function renderValidateSummary(results: FileResult[]): string {
  const valid = results.filter((result) => result.valid).length;
  const lines = [
    `## Change Gate: ${valid} of ${results.length} file(s) valid`,
    '',
    '| File | Kind | Result | Problems |',
    '| --- | --- | --- | --- |',
  ];
  for (const result of results) {
    const errors = result.problems.filter((problem) => problem.severity === 'error').length;
    const warnings = result.problems.length - errors;
    const problems = result.problems
      .map((problem) => {
        const where = problem.line > 0 ? `${problem.line}:${problem.column} ` : '';
        return `${where}${problem.severity === 'warning' ? 'warning: ' : ''}${cell(problem.message)}`;
      })
      .join('<br>');
    lines.push(
      `| ${codeSpan(result.file)} | ${result.kind ?? 'unknown'} | ${result.valid ? '✅ valid' : '⛔ not valid'}${errors + warnings > 0 ? ` (${errors} error(s), ${warnings} warning(s))` : ''} | ${problems || '—'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return escapeMarkdown(text, { dialect: 'job-summary' }).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
