import { locateYamlPath } from './locate-yaml-path.ts';
import type { YamlSource } from './parse-yaml-safely.ts';
import type { Problem } from './problem.ts';

/** A problem known by its JSON path before it is placed on a line. */
export interface LocatedIssue {
  /** JSON pointer, e.g. `/change_management/testing/required_for/2`. */
  path: string;
  /** Point at the key or at its value. */
  target: 'key' | 'value';
  message: string;
  severity: 'error' | 'warning';
}

/** Places issues on lines when the YAML source is known; without it (an already parsed object) line and column are 0. */
export function toProblems(issues: LocatedIssue[], source: YamlSource | null): Problem[] {
  return issues.map((issue) => {
    const position = source ? locateYamlPath(source, issue) : { line: 0, column: 0 };
    return {
      message: issue.message,
      line: position.line,
      column: position.column,
      path: issue.path,
      severity: issue.severity,
    };
  });
}
