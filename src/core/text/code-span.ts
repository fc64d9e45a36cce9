/** Text shown as inline code: Markdown escapes do not apply inside, so backticks and line breaks go. */
export const codeSpan = (text: string, max = 100): string =>
  `\`${String(text)
    .replace(/[`\r\n]+/g, ' ')
    .slice(0, max)}\``;
