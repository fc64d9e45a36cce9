import { createHash } from 'node:crypto';

/** `sha256:<hex>` of a change block's text with `\n` line endings: what an approval binds to. */
export function blockHash(text: string): string {
  return `sha256:${createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('hex')}`;
}
