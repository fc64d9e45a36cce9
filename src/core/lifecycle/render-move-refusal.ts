import { codeSpan, mention } from '../text/escape-markdown.ts';
import type { MoveRefusal } from './lifecycle-move-source.ts';

/** Marks the app's answer to one command comment: a redelivered command is answered once. */
export const commandReplyMarker = (commentId: number): string => `<!-- change-gate:reply ${commentId} -->`;

/** The reply to a refused command: who asked, what, and why nothing changed. */
export const renderMoveRefusal = (options: {
  commentId: number;
  actor: string;
  command: string;
  refusal: MoveRefusal;
}): string =>
  [
    commandReplyMarker(options.commentId),
    `${mention(options.actor)}: ${codeSpan(options.command, 40)} was refused — ${options.refusal.message}. Nothing changed.`,
  ].join('\n');
