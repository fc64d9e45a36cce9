import { type Coverage, CoverageError } from './coverage-error.ts';

const COUNT = /^(LF|LH):(.*)$/;

/** lcov tracefile: the sum of `LH` (lines hit) over the sum of `LF` (lines found), over every record. */
export function parseLcov(text: string): Coverage {
  let found = 0;
  let hit = 0;
  let records = 0;
  let recordFound: number | null = null;
  let recordHit: number | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    const where = `lcov line ${index + 1}`;
    if (line === 'end_of_record') {
      if (recordHit !== null && recordFound !== null && recordHit > recordFound) {
        throw new CoverageError(
          `${where}: record hits ${recordHit} lines of ${recordFound}, which is impossible`,
        );
      }
      records++;
      recordFound = null;
      recordHit = null;
      continue;
    }
    const match = COUNT.exec(line);
    if (!match) continue;
    const value = match[2]!.trim();
    if (!/^\d{1,12}$/.test(value)) {
      throw new CoverageError(
        `${where}: ${match[1]} must be a whole number, got ${JSON.stringify(value.slice(0, 40))}`,
      );
    }
    if (match[1] === 'LF') {
      recordFound = Number(value);
      found += recordFound;
    } else {
      recordHit = Number(value);
      hit += recordHit;
    }
  }
  if (records === 0 && found === 0) {
    throw new CoverageError('lcov: no records with LF/LH lines; is this an lcov tracefile (lcov.info)?');
  }
  if (found === 0)
    throw new CoverageError('lcov: the records count 0 lines found (LF): nothing was instrumented');
  if (hit > found) throw new CoverageError(`lcov: ${hit} lines hit of ${found} found, which is impossible`);
  return { percent: (hit / found) * 100, format: 'lcov', detail: `${hit}/${found} lines` };
}
