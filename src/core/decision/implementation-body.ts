import { escapeMarkdown } from '../text/escape-markdown.ts';
import { CHANGE_STATUS_TEXT, type ChangeStatus } from './change-status.ts';

const MAX_NOTE_SHOWN = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The status comment's text once a change is implementing or done, from the latest entry that moved it
 * (`data`): the status, the next review date of a completed change and the note given with the move.
 * One function for every writer of that comment (the change evaluation, deployments, commands), so that
 * none rewrites what another wrote.
 */
export const implementationBody = (options: {
  status: ChangeStatus;
  data: Readonly<Record<string, unknown>> | undefined;
}): string => {
  const { status, data = {} } = options;
  const lines = [`${CHANGE_STATUS_TEXT[status]}.`];
  const review = data.next_review;
  if (status === 'completed' && typeof review === 'string' && DATE.test(review)) {
    lines.push(`Next review: ${review}.`);
  }
  if (typeof data.note === 'string' && data.note.trim() !== '') {
    lines.push(`Note: ${escapeMarkdown(data.note, { maxChars: MAX_NOTE_SHOWN })}`);
  }
  return lines.join('\n\n');
};
