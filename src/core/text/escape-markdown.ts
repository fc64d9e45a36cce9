/**
 * The one escaper for text people or GitHub wrote that Change Gate shows in Markdown: check output,
 * status comments, history sentences and job summaries, plus code spans and deliberate mentions. Every
 * function here runs the same core (markdownLine, for Markdown already escaped, keeps format characters):
 * 1. one line: control, format (bidi, zero-width) and line/paragraph-separator characters become spaces;
 * 2. capped in characters (code points, so no surrogate pair is cut), the last one `…` when cut;
 * 3. (Markdown only) each ASCII punctuation mark replaced through the dialect's table below.
 */

/** Default cap on one piece of user text. */
export const MAX_USER_TEXT_CHARS = 300;

/**
 * Where the text goes. Three places have always rendered a few marks differently and tests pin each
 * form, so the difference is kept, in one table:
 * - `check-output` (check runs, status comments): every Markdown mark backslash-escaped; `<` `>` `&` as
 *   named entities, `@` as `&#64;`.
 * - `history-sentence` (the visible line of a history comment): only the marks that act in the middle of a
 *   line are escaped, so dates, role names and URLs stay readable; `@` is followed by a zero-width space.
 * - `job-summary` (cells of the action's job summary): as `check-output`, but `<` `>` `&` `@` `|` as
 *   numeric character references.
 * - `plain-text` (JSON exports): steps 1 and 2 only.
 */
export type MarkdownDialect = 'check-output' | 'history-sentence' | 'job-summary' | 'plain-text';

export interface EscapeOptions {
  /** Longest result before escaping, in characters, the ellipsis included. Default MAX_USER_TEXT_CHARS. */
  maxChars?: number;
  /** Default `check-output`. */
  dialect?: MarkdownDialect;
}

/** Marks that act anywhere in a line: code, emphasis, links and images, tables, strikethrough, references, math. */
const MID_LINE = '\\`*_[]|~#$';
/** Marks that act only at the start of a line, right after a `]`, or in autolinks. */
const LINE_LEVEL = '!()+-.:=^{}';

const table = (backslashed: string, replaced: Record<string, string>): ReadonlyMap<string, string> =>
  new Map([
    ...[...backslashed].map((char): [string, string] => [char, `\\${char}`]),
    ...Object.entries(replaced),
  ]);

const TABLES: Record<MarkdownDialect, ReadonlyMap<string, string>> = {
  'check-output': table(MID_LINE + LINE_LEVEL, { '<': '&lt;', '>': '&gt;', '&': '&amp;', '@': '&#64;' }),
  'history-sentence': table(MID_LINE, { '<': '&lt;', '>': '&gt;', '&': '&amp;', '@': '@\u200b' }),
  'job-summary': table(MID_LINE + LINE_LEVEL, {
    '<': '&#60;',
    '>': '&#62;',
    '&': '&#38;',
    '@': '&#64;',
    '|': '&#124;',
  }),
  'plain-text': new Map(),
};

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const NOT_ON_ONE_LINE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;
/** A login GitHub could have issued (`[bot]` for apps). */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/** At most `maxChars` characters (code points), the last one `…` when the text was longer. */
const clipChars = (text: string, maxChars: number): string => {
  if (text.length <= maxChars) return text;
  const chars = [...text];
  return chars.length > maxChars ? `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}…` : text;
};

const oneLine = (text: string): string => String(text).replace(NOT_ON_ONE_LINE, ' ').trim();

/**
 * User-written text made inert in Markdown (table cells included): one line, capped, then escaped per
 * `dialect` so that it carries no HTML, link, image, emphasis, code, cell break or mention. A number is
 * short for `{ maxChars }`.
 */
export function escapeMarkdown(text: string, options: number | EscapeOptions = {}): string {
  const { maxChars = MAX_USER_TEXT_CHARS, dialect = 'check-output' } =
    typeof options === 'number' ? { maxChars: options } : options;
  const line = clipChars(oneLine(text), maxChars);
  const replacements = TABLES[dialect];
  return replacements.size === 0
    ? line
    : line.replace(ASCII_PUNCTUATION, (char) => replacements.get(char) ?? char);
}

/**
 * Text as inline code: escapes do not apply inside a code span, so backticks (which would end it) become
 * spaces; inside, HTML and `@` are inert. Not for table cells (a `|` still splits the cell there).
 */
export const codeSpan = (text: string, maxChars = 100): string =>
  `\`${clipChars(oneLine(String(text).replace(/`+/g, ' ')), maxChars)}\``;

/**
 * A GitHub login that Change Gate names on purpose: `@login` (which mentions it), the brackets of `[bot]`
 * escaped; anything that is not a valid login is escaped text, which mentions nobody. In `plain-text`,
 * the login without `@`.
 */
export const mention = (login: string, dialect: MarkdownDialect = 'check-output'): string => {
  if (dialect === 'plain-text' || !LOGIN.test(login)) return escapeMarkdown(login, { maxChars: 40, dialect });
  return `@${login.replace(/[[\]]/g, '\\$&')}`;
};

/**
 * Markdown that Change Gate composed (already escaped), kept on one line and free of HTML: control and
 * line-separator characters become spaces and `<` `>` entities, so it can hold no HTML comment (hence no
 * forged history marker); capped. Format characters stay: the zero-width spaces after `@` are among them.
 */
export const markdownLine = (markdown: string, maxChars: number): string =>
  clipChars(
    String(markdown)
      .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .trim(),
    maxChars,
  );
