/**
 * JSON to embed in `<script type="application/json">`: `<`, `>` and `&` are written as `\u003c`… so no text in
 * it can close the element or open a comment (`</script>`, `<!--`), and U+2028/U+2029 are escaped too. The
 * result is still the same JSON: `JSON.parse(element.textContent)` gives the value back.
 */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
