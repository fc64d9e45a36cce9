import { MAX_COMMENT_CHARS } from './parse-command-limits.ts';

/**
 * A comment's lines as commands read them (at most GitHub's comment length, no byte-order mark) and the index
 * of its first non-blank line, where a command must stand; null for a blank or non-text body. Every slash
 * command (`/approve`, `/reject`, `/emergency`, `/implement`, `/complete`) reads its comment through this.
 */
export function commandLines(body: unknown): { lines: string[]; first: number } | null {
  if (typeof body !== 'string') return null;
  const lines = body
    .slice(0, MAX_COMMENT_CHARS)
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/);
  const first = lines.findIndex((line) => line.trim() !== '');
  return first < 0 ? null : { lines, first };
}
