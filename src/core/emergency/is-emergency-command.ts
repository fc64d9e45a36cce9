import { commandLines } from '../approval/command-lines.ts';

// As `/approve`: up to three spaces (four make a code block), and only the comment's first non-blank line.
const COMMAND_LINE = /^ {0,3}\/emergency(?=$|[ \t])/i;

/**
 * Whether a comment is an `/emergency` confirmation: its first non-blank line starts with the command.
 * Quoted (`> /emergency`), indented or later lines never count, so quoting someone's confirmation is harmless.
 */
export function isEmergencyCommand(body: string): boolean {
  const read = commandLines(body);
  return read !== null && COMMAND_LINE.test(read.lines[read.first]!);
}
