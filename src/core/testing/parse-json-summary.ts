import { type Coverage, CoverageError } from './coverage-error.ts';

/** Istanbul's `coverage-summary.json`: `total.lines` with `total`, `covered` and `pct`. */
export function parseJsonSummary(text: string): Coverage {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CoverageError(`json-summary: not valid JSON (${(error as Error).message})`);
  }
  const lines = readPath(data, ['total', 'lines']);
  if (lines === null || typeof lines !== 'object') {
    throw new CoverageError(
      'json-summary: no "total.lines" object; is this istanbul\'s coverage-summary.json?',
    );
  }
  const { total, covered, pct } = lines as Record<string, unknown>;
  if (typeof total === 'number' && typeof covered === 'number') {
    if (
      !Number.isInteger(total) ||
      !Number.isInteger(covered) ||
      total < 0 ||
      covered < 0 ||
      covered > total
    ) {
      throw new CoverageError(
        `json-summary: total.lines has covered ${covered} of total ${total}, which is impossible`,
      );
    }
    if (total === 0)
      throw new CoverageError('json-summary: total.lines.total is 0: the report covers no lines');
  }
  // Istanbul writes "Unknown" as pct when no line was instrumented.
  if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100) {
    throw new CoverageError(`json-summary: total.lines.pct is ${JSON.stringify(pct)}, not a percentage`);
  }
  const detail =
    typeof total === 'number' && typeof covered === 'number' ? `${covered}/${total} lines` : 'lines';
  return { percent: pct, format: 'json-summary', detail };
}

function readPath(data: unknown, keys: string[]): unknown {
  let value = data;
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) {
      return null;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
