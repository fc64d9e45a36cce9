const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content or a quoted attribute: `&<>"'` become entities, so user text stays text. */
export const htmlText = (text: string | number | null | undefined): string =>
  String(text ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
