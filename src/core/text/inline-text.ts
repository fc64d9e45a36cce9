const MAX_INLINE = 200;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

export type TextFormat = 'markdown' | 'text';

/**
 * A user-supplied value as one short inline run: line breaks collapsed, clipped to 200 characters and, for
 * Markdown, inert: markup characters escaped, `<` `>` `&` as entities, `@` followed by a zero-width space
 * so that text quoted from a comment does not mention anyone.
 */
export const inlineText = (value: string, format: TextFormat): string => {
  let text = value.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_INLINE) text = `${text.slice(0, MAX_INLINE - 1)}…`;
  if (format === 'text') return text;
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]|~#]/g, '\\$&')
    .replaceAll('@', '@\u200b');
};

/** A GitHub login as a mention in Markdown (`@alice`), or as inert text when it is not a valid login. */
export const loginText = (login: string, format: TextFormat): string => {
  if (format === 'text') return inlineText(login, format);
  return LOGIN.test(login) ? `@${login}` : inlineText(login, format);
};
