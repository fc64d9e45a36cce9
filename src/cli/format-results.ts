import type { FileResult } from '../core/validation/file-result.ts';

/** Which policy change requests were checked against, and where it came from. */
export interface ConfigUsed {
  /** `repository`: the repository's own .github/change-management.yml; `option`: --config; `defaults`: the procedure's. */
  source: 'repository' | 'option' | 'defaults';
  path: string | null;
}

export interface ResultCounts {
  files: number;
  valid: number;
  invalid: number;
  errors: number;
  warnings: number;
}

export function countResults(results: FileResult[]): ResultCounts {
  const problems = results.flatMap((result) => result.problems);
  const valid = results.filter((result) => result.valid).length;
  return {
    files: results.length,
    valid,
    invalid: results.length - valid,
    errors: problems.filter((problem) => problem.severity === 'error').length,
    warnings: problems.filter((problem) => problem.severity === 'warning').length,
  };
}

/** `FILE:LINE:COL: message` per problem (the compiler convention editors and CI annotate), then a verdict line for valid files. */
export function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const problem of result.problems) {
      const where = problem.line > 0 ? `${result.file}:${problem.line}:${problem.column}` : result.file;
      lines.push(`${where}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`);
    }
    if (result.valid) lines.push(`${result.file}: valid (${result.summary})`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * `{ files: [...], summary: { files, valid, invalid, errors, warnings } }`; each file has its kind,
 * validity, change ID (when the form names one), level and roles (valid change requests), problems, and the config a change request was checked against.
 */
export function formatJson(results: FileResult[], configs: (ConfigUsed | null)[]): string {
  const files = results.map((result, index) => ({
    file: result.file,
    kind: result.kind,
    valid: result.valid,
    changeId: result.changeId ?? null,
    level: result.level ?? null,
    roles: result.roles ?? [],
    problems: result.problems.map((problem) => ({
      line: problem.line,
      column: problem.column,
      path: problem.path ?? null,
      severity: problem.severity,
      message: problem.message,
    })),
    summary: result.summary,
    config: configs[index] ?? null,
  }));
  return `${JSON.stringify({ files, summary: countResults(results) }, null, 2)}\n`;
}
