import { type Coverage, CoverageError } from './coverage-error.ts';

/** The root element's start tag must end within this many characters of the document's start. */
const MAX_PROLOG_CHARS = 256 * 1024;
const ATTRIBUTE = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/;
const NUMBER = /^\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$/;

/**
 * Cobertura XML: `line-rate` of the root `coverage` element. Not an XML parser on purpose: it reads the
 * root start tag's attributes and nothing else, never expands entities and never fetches a DTD, so
 * billion-laughs and external-entity documents are inert (an entity in `line-rate` is simply not a number).
 */
export function parseCobertura(text: string): Coverage {
  const attributes = readRootAttributes(text.slice(0, MAX_PROLOG_CHARS));
  const rate = readNumber({ attributes, name: 'line-rate' });
  if (rate === null) throw new CoverageError('cobertura: the <coverage> element has no line-rate attribute');
  if (rate > 1) throw new CoverageError(`cobertura: line-rate ${rate} is above 1 (it is a fraction, 0–1)`);
  const covered = readNumber({ attributes, name: 'lines-covered' });
  const valid = readNumber({ attributes, name: 'lines-valid' });
  const detail =
    covered !== null && valid !== null && valid > 0 ? `${covered}/${valid} lines` : `line-rate ${rate}`;
  // Rounded so that 0.85 reads 85, not 85.00000000000001.
  return { percent: Math.round(rate * 1e10) / 1e8, format: 'cobertura', detail };
}

function readRootAttributes(text: string): Map<string, string> {
  let rest = text.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) rest = after({ rest, marker: '?>', what: 'processing instruction' });
    else if (rest.startsWith('<!--')) rest = after({ rest, marker: '-->', what: 'comment' });
    else if (/^<!DOCTYPE/i.test(rest)) rest = afterDoctype(rest);
    else break;
  }
  const open = /^<coverage(?=[\s/>])/.exec(rest);
  if (!open) {
    const name = /^<([A-Za-z_:][-\w:.]*)/.exec(rest)?.[1];
    throw new CoverageError(
      name
        ? `cobertura: the root element is <${name.slice(0, 40)}>, expected <coverage>`
        : 'cobertura: no root element found; is this a Cobertura XML report?',
    );
  }
  rest = rest.slice(open[0].length);
  const attributes = new Map<string, string>();
  for (;;) {
    const match = ATTRIBUTE.exec(rest);
    if (!match) break;
    attributes.set(match[1]!, match[2] ?? match[3] ?? '');
    rest = rest.slice(match[0].length);
  }
  if (!/^\s*\/?>/.test(rest)) {
    throw new CoverageError('cobertura: the <coverage> start tag is malformed or not closed near its start');
  }
  return attributes;
}

function after(options: { rest: string; marker: string; what: string }): string {
  const end = options.rest.indexOf(options.marker);
  if (end < 0) throw new CoverageError(`cobertura: unterminated ${options.what} before the root element`);
  return options.rest.slice(end + options.marker.length);
}

/** Skips `<!DOCTYPE ...>` including an internal subset `[ ... ]`, whose declarations are never read. */
function afterDoctype(rest: string): string {
  const subset = rest.indexOf('[');
  const close = rest.indexOf('>');
  if (close < 0) throw new CoverageError('cobertura: unterminated DOCTYPE');
  if (subset < 0 || close < subset) return rest.slice(close + 1);
  const end = rest.indexOf(']', subset);
  const closeAfter = end < 0 ? -1 : rest.indexOf('>', end);
  if (closeAfter < 0) throw new CoverageError('cobertura: unterminated DOCTYPE internal subset');
  return rest.slice(closeAfter + 1);
}

function readNumber(options: { attributes: Map<string, string>; name: string }): number | null {
  const raw = options.attributes.get(options.name);
  if (raw === undefined) return null;
  const match = NUMBER.exec(raw);
  const value = match ? Number(match[1]) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new CoverageError(
      `cobertura: ${options.name}="${raw.slice(0, 40)}" on <coverage> is not a number (entities are not expanded)`,
    );
  }
  return value;
}
