/** Characters a spreadsheet reads as the start of a formula (and tab and carriage return, which some strip first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): a cell a spreadsheet would run as a formula is prefixed with `'` (OWASP's CSV
 * injection advice); a field holding a comma, a double quote or a line break is quoted, its quotes doubled.
 * Null is an empty field.
 */
export const csvCell = (value: string | number | boolean | null): string => {
  if (value === null) return '';
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
