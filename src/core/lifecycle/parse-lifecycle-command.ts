import { commandLines } from '../approval/command-lines.ts';
import { MAX_COMMENT_TEXT_CHARS } from '../approval/parse-command-limits.ts';
import { codeSpan } from '../text/escape-markdown.ts';
import { COMPLETION_OUTCOMES, type CompletionOutcome, type LifecycleCommand } from './lifecycle-command.ts';

/** The longest note recorded with a move; the rest is cut (the entry says so with `…`). */
export const MAX_NOTE_CHARS = MAX_COMMENT_TEXT_CHARS;

// Up to three spaces: four spaces or a tab make a Markdown code block, which is not a command.
const COMMAND_LINE = /^ {0,3}\/(implement|complete)(?=$|[ \t])(.*)$/i;
// `/complete failed: timeout` names the outcome as plainly as `/complete failed timeout`; `rolled back`,
// `rolled-back` and `rolled_back` are one outcome.
const OUTCOME = /^(completed|failed|rolled[ _-]back)(?=$|[\s.,:;!])[.,:;!]*/i;
/**
 * First words that look like an attempt at an unhappy outcome: reading them as the start of a note would
 * record a success the person did not mean (`/complete rollback` is not a completion).
 */
const OUTCOME_LOOKALIKE = /^(fail|rollback|roll-back|rolledback|revert|abort)/i;

/**
 * Reads `/implement [note]`, `/complete [note]`, `/complete failed [note]` or `/complete rolled_back [note]`
 * from the first non-blank line of a comment; null when the comment is no such command. As with
 * `/approve`, quoted, indented or fenced text and commands later in the body never count. The note is
 * the rest of the comment, trimmed and capped at MAX_NOTE_CHARS; it is stored as written and escaped
 * wherever it is shown.
 */
export function parseLifecycleCommand(body: string): LifecycleCommand | null {
  const read = commandLines(body);
  if (read === null) return null;
  const { lines, first } = read;
  const match = COMMAND_LINE.exec(lines[first]!);
  if (!match) return null;
  const verb = match[1]!.toLowerCase() as 'implement' | 'complete';
  const text = [match[2]!, ...lines.slice(first + 1)].join('\n').trim();
  if (verb === 'implement') return { ok: true, move: { kind: 'implement' }, note: cap(text) };

  const outcome = OUTCOME.exec(text);
  if (outcome) {
    const name = outcome[1]!.toLowerCase().replace(/[ -]/, '_') as CompletionOutcome;
    const note = text.slice(outcome[0].length).trim();
    return { ok: true, move: { kind: 'complete', outcome: name }, note: cap(note) };
  }
  const word = /^\S+/.exec(text)?.[0] ?? '';
  if (OUTCOME_LOOKALIKE.test(word)) {
    const known = COMPLETION_OUTCOMES.filter((name) => name !== 'completed').map((name) => codeSpan(name));
    return {
      ok: false,
      verb,
      problem: `${codeSpan(word, 40)} is not an outcome: write \`/complete\` for a success, or \`/complete\` followed by ${known.join(' or ')}, then an optional note`,
    };
  }
  return { ok: true, move: { kind: 'complete', outcome: 'completed' }, note: cap(text) };
}

function cap(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_NOTE_CHARS ? text : `${chars.slice(0, MAX_NOTE_CHARS - 1).join('')}…`;
}
