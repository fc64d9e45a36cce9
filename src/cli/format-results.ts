import type { FileResult } from './file-result.ts';

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

export function formatJson(results: FileResult[]): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
