import { MAX_COMMENT_CHARS } from '../approval/parse-command.ts';

// As `/approve`: up to three spaces (four make a code block), and only the comment's first non-blank line.
const COMMAND_LINE = /^ {0,3}\/emergency(?=$|[ \t])/i;

/**
 * Whether a comment is an `/emergency` confirmation: its first non-blank line starts with the command.
 * Quoted (`> /emergency`), indented or later lines never count, so quoting someone's confirmation is harmless.
 */
export function isEmergencyCommand(body: string): boolean {
  if (typeof body !== 'string') return false;
  const lines = body
    .slice(0, MAX_COMMENT_CHARS)
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/);
  const first = lines.find((line) => line.trim() !== '');
  return first !== undefined && COMMAND_LINE.test(first);
}
