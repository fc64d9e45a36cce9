import type { HistoryProblem } from '../history/history-problem.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';
import type { Problem } from '../validation/problem.ts';

const MAX_LISTED = 50;

/**
 * Problems of the change block, each with its line in the body (what GitHub's editor shows) and its
 * line and column inside the block (what `change-gate validate` prints for the block alone).
 */
export const renderBlockProblems = (options: {
  problems: readonly Problem[];
  blockStartLine: number | null;
}) => {
  const lines = options.problems.slice(0, MAX_LISTED).map((problem) => {
    const where =
      problem.line > 0 && options.blockStartLine !== null
        ? `line ${options.blockStartLine + problem.line - 1} (block line ${problem.line}, column ${problem.column}): `
        : problem.line > 0
          ? `line ${problem.line}, column ${problem.column}: `
          : '';
    return `- ${problem.severity === 'warning' ? '⚠️' : '❌'} ${where}${escapeMarkdown(problem.message, 500)}`;
  });
  const more = options.problems.length - MAX_LISTED;
  return [...lines, ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n');
};

/** What is wrong with the change's history comments: never trusted, always shown. */
export const renderHistoryProblems = (problems: readonly HistoryProblem[]): string =>
  problems.length === 0
    ? ''
    : [
        '### History problems',
        'These comments are not trusted as change history:',
        ...problems
          .slice(0, MAX_LISTED)
          .map((problem) => `- ${problem.kind}: ${escapeMarkdown(problem.message, 500)}`),
      ].join('\n');
