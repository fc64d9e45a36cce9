import { sha256Tag } from '../text/sha256.ts';

/** `sha256:<hex>` of a change block's text with `\n` line endings: what an approval binds to. */
export function blockHash(text: string): string {
  return sha256Tag(text.replace(/\r\n?/g, '\n'));
}
