/**
 * Caller text the app writes into GitHub under its own name (the REST API's issue title and body, the change
 * block's values) with no hidden marker left in it: the app trusts `<!-- change-gate:… -->` lines only in what
 * its bot authored (e.g. the emergency review issue's `<!-- change-gate:emergency-review #N -->`), so a
 * caller must not be able to plant one there. Every `<!--` becomes `&lt;!--` and every `change-gate:` becomes
 * `change-gate&#58;`: Markdown shows both as typed (GitHub decodes the references), no comment opens, and no
 * marker pattern matches the raw text. In a fenced block the references stay literal, which is the price.
 */
export const defuseMarkers = (text: string): string =>
  text.replace(/<!--/g, '&lt;!--').replace(/(change-gate):/gi, '$1&#58;');

/** defuseMarkers over every string (keys included) of a JSON-like value. */
export const defuseMarkersDeep = (value: unknown): unknown => {
  if (typeof value === 'string') return defuseMarkers(value);
  if (Array.isArray(value)) return value.map(defuseMarkersDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [defuseMarkers(key), defuseMarkersDeep(item)]),
    );
  }
  return value;
};
