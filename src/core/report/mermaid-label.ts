const MAX_LABEL = 40;

/**
 * A label for a Mermaid chart, double-quoted: only letters, digits, spaces, `_`, `.` and `-` survive (anything
 * else, quotes, brackets, `%%` and line breaks included, becomes `_`), so user text can neither end the label
 * nor add a directive; capped at 40 characters.
 */
export const mermaidLabel = (text: string): string =>
  `"${[...String(text)]
    .slice(0, MAX_LABEL)
    .join('')
    .replace(/[^A-Za-z0-9 _.-]/g, '_')}"`;
