import type { Problem } from '../validation/problem.ts';
import type { ApprovalCommand } from './approval-command.ts';

import { commandLines } from './command-lines.ts';
import { MAX_COMMENT_TEXT_CHARS, MAX_CONDITION_CHARS, MAX_CONDITIONS } from './parse-command-limits.ts';

// Up to three spaces: four spaces or a tab make a Markdown code block, which is not a command.
const COMMAND_LINE = /^ {0,3}\/(approve|reject)(?=$|[ \t])(.*)$/i;
const FENCE = /^ {0,3}(```|~~~)/;
const CONDITION = /^\s*- (.*)$/;

/**
 * Reads `/approve` or `/reject <reason>` from the first non-blank line of a comment; null when the comment
 * is not a command. Quoted (`> /approve`), indented or fenced text and commands later in the body never
 * count: a command is what the comment says first, so quoting someone else's approval is harmless.
 */
export function parseCommand(body: string): ApprovalCommand | null {
  const read = commandLines(body);
  if (read === null) return null;
  const { lines, first } = read;
  const match = COMMAND_LINE.exec(lines[first]!);
  if (!match) return null;
  const verb = match[1]!.toLowerCase();
  const sameLine = match[2]!.trim();
  const rest = lines.slice(first + 1);
  if (verb === 'reject') return readReject({ sameLine, rest, line: first + 1 });
  return readApprove({ sameLine, rest, line: first + 1 });
}

function readReject(options: { sameLine: string; rest: string[]; line: number }): ApprovalCommand {
  const reason = [options.sameLine, ...options.rest].join('\n').trim();
  const problems: Problem[] = [];
  if (reason === '') {
    problems.push({
      message: '`/reject` needs a reason: write `/reject <why the change should not go ahead>`',
      line: options.line,
      column: 1,
      severity: 'error',
    });
  }
  return { kind: 'reject', reason: cap(reason, MAX_COMMENT_TEXT_CHARS), problems };
}

function readApprove(options: { sameLine: string; rest: string[]; line: number }): ApprovalCommand {
  const text: string[] = options.sameLine === '' ? [] : [options.sameLine];
  const conditions: string[] = [];
  const problems: Problem[] = [];
  let inFence = false;
  options.rest.forEach((line, index) => {
    if (FENCE.test(line)) inFence = !inFence;
    const condition = inFence ? null : CONDITION.exec(line);
    if (!condition) {
      text.push(line);
      return;
    }
    const value = condition[1]!.trim();
    if (value === '') return;
    if (conditions.length === MAX_CONDITIONS) {
      if (problems.length > 0) return;
      problems.push({
        message: `only the first ${MAX_CONDITIONS} conditions of an approval are recorded; this one and any after it were dropped`,
        line: options.line + 1 + index,
        column: 1,
        severity: 'warning',
      });
      return;
    }
    conditions.push(cap(value, MAX_CONDITION_CHARS));
  });
  return {
    kind: 'approve',
    comment: cap(text.join('\n').trim(), MAX_COMMENT_TEXT_CHARS),
    conditions,
    problems,
  };
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
