export const MAX_USER_TEXT_CHARS = 300;

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '@': '&#64;' };
/** ASCII punctuation that Markdown, GFM autolinks or HTML give a meaning to; `,;?%/'"` stay readable. */
const SPECIAL = /[!#$&()*+\-.:<=>@[\\\]^_`{|}~]/g;

/**
 * Makes user-written text inert inside Markdown, table cells included: one line (control, format and bidi
 * characters become spaces), capped at `max` characters, `<>&@` as entities (no tags, no mentions), other
 * Markdown punctuation backslash-escaped (no links, images, emphasis, code, cells, autolinks).
 */
export function escapeMarkdown(text: string, max: number = MAX_USER_TEXT_CHARS): string {
  const oneLine = String(text)
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .trim();
  const chars = [...oneLine];
  const capped = chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : oneLine;
  return capped.replace(SPECIAL, (char) => ENTITIES[char] ?? `\\${char}`);
}
