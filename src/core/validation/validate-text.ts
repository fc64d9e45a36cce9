import type { Change, ChangeBlock, ChangeForm } from '../change-request/change.ts';
import { CHANGE_TYPES } from '../change-request/change.ts';
import { checkCompleteness } from '../change-request/check-completeness.ts';
import { locateInBlock } from '../change-request/locate-in-block.ts';
import { normaliseChangeType } from '../change-request/normalise-change-type.ts';
import { parseChange } from '../change-request/parse-change.ts';
import { loadPolicy } from '../policy/load-policy.ts';
import type { Policy } from '../policy/policy.ts';
import { requiredRoles } from '../policy/required-roles.ts';
import { resolveApprovalLevel } from '../policy/resolve-approval-level.ts';
import { detectKind } from './detect-kind.ts';
import type { FileProblem, FileResult, InputKind } from './file-result.ts';
import { locateYamlPath } from './locate-yaml-path.ts';
import { parseYamlSafely } from './parse-yaml-safely.ts';
import type { Problem } from './problem.ts';

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
  if (result.status === 'invalid') return fail(base, sorted(withReferenceProblems(text, result.problems)));
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
  if (parsed.status === 'invalid') {
    const problems = parsed.problems.map(fromProblem(parsed.block?.startLine ?? 1));
    if (parsed.block) problems.push(...criteriaOfInvalidForm(parsed.block, parsed.problems, options.policy));
    return fail(base, sorted(problems));
  }
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
  problems.push(...unknownRoleWarnings(options.policy, change));
  const changeId = changeIdOf(change.form);
  if (problems.some((problem) => problem.severity === 'error'))
    return { ...fail(base, sorted(problems)), changeId };
  const level = resolveApprovalLevel(options.policy, change);
  const roles = requiredRoles(options.policy, change);
  return {
    ...base,
    valid: true,
    problems: sorted(problems),
    changeId,
    level: level.name,
    roles,
    summary: `change request, type ${change.type}, priority ${change.priority}, level ${level.name} (${level.approval_timeout}), roles ${roles.join(', ')}`,
  };
}

/**
 * The approval criteria of a form the schema refused, so that one run shows every problem: the form is
 * read as far as it parses, and a criterion is reported unless a schema problem already names its field.
 */
function criteriaOfInvalidForm(block: ChangeBlock, schemaProblems: Problem[], policy: Policy): FileProblem[] {
  const parsed = parseYamlSafely(block.text);
  if (parsed.status === 'error') return [];
  const raw = (parsed.value as { change_request?: unknown } | null)?.change_request;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const fields = raw as Record<string, unknown>;
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  const changeType = text('change_type');
  // Only the fields the criteria read, each only when it has the right type (the schema reports the others).
  const form = {
    title: text('title') ?? '',
    priority: text('priority') ?? 'medium',
    change_type: changeType ?? '',
    rollback_plan: text('rollback_plan'),
    test_plan: text('test_plan'),
    test_environment: text('test_environment'),
    testing_required: fields.testing_required === true ? true : undefined,
    affected_systems: Array.isArray(fields.affected_systems)
      ? fields.affected_systems.filter((item): item is string => typeof item === 'string')
      : undefined,
  } as ChangeForm;
  const change: Change = {
    form,
    block,
    type:
      changeType === undefined ? '' : normaliseChangeType(changeType, policy.change_types ?? CHANGE_TYPES),
    classification: (text('classification') ?? 'normal') as Change['classification'],
    priority: (text('priority') ?? 'medium') as Change['priority'],
    urgency: (text('urgency') ?? 'medium') as Change['urgency'],
  };
  const covered = (path: string) =>
    schemaProblems.some(
      (problem) =>
        problem.path !== undefined &&
        (problem.path === path || problem.path.startsWith(`${path}/`) || problem.path === '/change_request'),
    );
  const offset = block.startLine;
  return checkCompleteness(policy, change).flatMap((item) => {
    if (item.ok || !item.path || covered(item.path)) return [];
    if (item.criterion === 'change_type' && changeType === undefined) return [];
    return [
      {
        ...at(offset + (item.line ?? 1) - 1, item.column ?? 1, item.message),
        path: item.path,
      },
    ];
  });
}

/**
 * A config the schema refused is also checked for what only the whole config shows (references between
 * keys: stage roles, `required_for` types, levels without approvers), once without the refused values.
 */
function withReferenceProblems(text: string, problems: Problem[]): FileProblem[] {
  const placed = problems.map(fromProblem(1));
  const paths = problems.flatMap((problem) => (problem.path ? [problem.path] : []));
  if (paths.length !== problems.length) return placed;
  const parsed = parseYamlSafely(text, { maxChars: 262_144 });
  if (parsed.status === 'error') return placed;
  const pruned = structuredClone(parsed.value);
  for (const path of paths) if (!removeAt(pruned, path)) return placed;
  const retry = loadPolicy(pruned);
  if (retry.status === 'valid') {
    return placed.concat(retry.warnings.map((problem) => relocated(parsed.source, problem)));
  }
  // Pruning can only add problems next to what it removed (a level left without approvers): leave those out.
  const related = (path: string | undefined) =>
    path === undefined ||
    paths.some((pruned) => pruned === path || pruned.startsWith(`${path}/`) || path.startsWith(`${pruned}/`));
  const seen = new Set(placed.map((problem) => problem.message));
  const added = retry.problems.filter((problem) => !related(problem.path) && !seen.has(problem.message));
  return placed.concat(added.map((problem) => relocated(parsed.source, problem)));
}

function relocated(source: Parameters<typeof locateYamlPath>[0], problem: Problem): FileProblem {
  const position = problem.path
    ? locateYamlPath(source, { path: problem.path, target: 'value' })
    : { line: 0, column: 0 };
  return {
    line: position.line,
    column: position.column,
    severity: problem.severity,
    message: problem.message,
    ...(problem.path ? { path: problem.path } : {}),
  };
}

/** Deletes the value at a JSON pointer; false when the pointer does not lead to a mapping key. */
function removeAt(root: unknown, pointer: string): boolean {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments.length === 0) return false;
  let node: unknown = root;
  for (const segment of segments.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  const last = segments.at(-1)!;
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  if (!Object.hasOwn(node, last)) return false;
  delete (node as Record<string, unknown>)[last];
  return true;
}

/**
 * Roles a form's `approvers:` adds that the config names nowhere (not in `roles:`, not a level's approver):
 * likely a typo, and the app will look for the organisation team of that name.
 */
function unknownRoleWarnings(policy: Policy, change: Change): FileProblem[] {
  const known = new Set([
    ...Object.keys(policy.roles),
    ...Object.values(policy.approval_workflow).flatMap((level) => level.approvers),
  ]);
  const offset = change.block.startLine;
  return (change.form.approvers ?? []).flatMap((role, index) => {
    if (known.has(role)) return [];
    const path = `/change_request/approvers/${index}`;
    const { line, column } = locateInBlock(change.block, { path, target: 'value' });
    return [
      {
        line: offset + line - 1,
        column,
        severity: 'warning' as const,
        path,
        message: `approvers: role "${role}" is not in the config's roles: nor any level's approvers; it will be read as the team @org/${role}`,
      },
    ];
  });
}

function changeIdOf(form: ChangeForm): string | null {
  return typeof form.id === 'string' && /^CHG-\d{4}-\d+$/.test(form.id) ? form.id : null;
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
