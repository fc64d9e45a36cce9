import { checkCompleteness } from '../core/change-request/check-completeness.ts';
import { parseChange } from '../core/change-request/parse-change.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { requiredRoles } from '../core/policy/required-roles.ts';
import { resolveApprovalLevel } from '../core/policy/resolve-approval-level.ts';
import type { Problem } from '../core/validation/problem.ts';
import { detectKind } from './detect-kind.ts';
import type { FileProblem, FileResult, InputKind } from './file-result.ts';

export interface ValidateTextOptions {
  file: string;
  text: string;
  /** Forced by `--kind`; detected from the file otherwise. */
  kind: InputKind | null;
  /** Policy that change requests are checked against (levels, roles, completeness). */
  policy: Policy;
}

/**
 * Validates one input as `change-gate validate` does: a config must load; a change request (bare or in
 * Markdown) must parse, validate and meet the completeness criteria of the policy. Lines are file lines.
 */
export function validateText(options: ValidateTextOptions): FileResult {
  const kind = options.kind ?? detectKind(options.file, options.text);
  const base = { file: options.file, kind };
  if (kind === null) {
    return fail(base, [
      at(
        1,
        1,
        'cannot tell what this file is: it has no change_request: or change_management: root key and no Markdown code fence; pass --kind change|config|markdown',
      ),
    ]);
  }
  if (kind === 'config') return validateConfig(base, options.text);
  return validateChange({ ...base, kind }, options);
}

function validateConfig(base: Pick<FileResult, 'file' | 'kind'>, text: string): FileResult {
  const result = loadPolicy(text);
  if (result.status === 'invalid') return fail(base, result.problems.map(fromProblem(1)));
  const problems = result.warnings.map(fromProblem(1));
  const extendsLine = /^(["']?)_extends\1[ \t]*:/m.exec(text);
  if (extendsLine) {
    const line = text.slice(0, extendsLine.index).split('\n').length;
    problems.push({
      ...at(line, 1, '_extends is not followed by validate: only this file is checked'),
      severity: 'warning',
    });
  }
  const policy = result.policy;
  const levels = Object.entries(policy.approval_workflow).map(
    ([name, level]) => `${name} ${level.approval_timeout}`,
  );
  return {
    ...base,
    valid: true,
    problems,
    summary: `config, ${policy.change_types.length} change types, levels ${levels.join(', ')}`,
  };
}

function validateChange(base: Pick<FileResult, 'file' | 'kind'>, options: ValidateTextOptions): FileResult {
  const parsed = parseChange(options.text, { changeTypes: options.policy.change_types });
  if (parsed.status === 'missing') {
    return fail(base, [
      at(
        1,
        1,
        base.kind === 'markdown'
          ? 'no change block: expected a ```yaml code block whose root key is change_request:'
          : 'no change request: expected change_request: as the root key',
      ),
    ]);
  }
  if (parsed.status === 'invalid')
    return fail(base, parsed.problems.map(fromProblem(parsed.block?.startLine ?? 1)));
  const { change } = parsed;
  const offset = change.block.startLine;
  const problems = parsed.warnings.map(fromProblem(offset));
  for (const item of checkCompleteness(options.policy, change)) {
    if (!item.ok) {
      problems.push({
        ...at(offset + (item.line ?? 1) - 1, item.column ?? 1, item.message),
        ...(item.path ? { path: item.path } : {}),
      });
    }
  }
  if (problems.some((problem) => problem.severity === 'error')) return fail(base, sorted(problems));
  const level = resolveApprovalLevel(options.policy, change);
  const roles = requiredRoles(options.policy, change);
  return {
    ...base,
    valid: true,
    problems: sorted(problems),
    summary: `change request, type ${change.type}, priority ${change.priority}, level ${level.name} (${level.approval_timeout}), roles ${roles.join(', ')}`,
  };
}

/** Moves a problem from block lines to file lines; a problem without a position (line 0) stays at 0. */
function fromProblem(startLine: number): (problem: Problem) => FileProblem {
  return (problem) => ({
    line: problem.line === 0 ? 0 : startLine + problem.line - 1,
    column: problem.column,
    severity: problem.severity,
    message: problem.message,
    ...(problem.path ? { path: problem.path } : {}),
  });
}

function at(line: number, column: number, message: string): FileProblem {
  return { line, column, severity: 'error', message };
}

function sorted(problems: FileProblem[]): FileProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function fail(base: Pick<FileResult, 'file' | 'kind'>, problems: FileProblem[]): FileResult {
  return { ...base, valid: false, problems, summary: null };
}
