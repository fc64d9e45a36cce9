import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoverageError, MAX_COVERAGE_CHARS } from '../../../../src/core/testing/coverage-error.ts';
import { detectCoverageFormat, parseCoverage } from '../../../../src/core/testing/parse-coverage.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/coverage/${name}`, import.meta.url), 'utf8');

describe('parseCoverage', () => {
  it('reads total.lines.pct of an istanbul json-summary', () => {
    expect(parseCoverage({ text: fixture('coverage-summary.json') })).toEqual({
      percent: 81.2,
      format: 'json-summary',
      detail: '812/1000 lines',
    });
  });

  it('sums LH over LF across every lcov record', () => {
    expect(parseCoverage({ text: fixture('lcov.info') })).toEqual({
      percent: 75,
      format: 'lcov',
      detail: '75/100 lines',
    });
  });

  it('reads line-rate of the cobertura root element, skipping the prolog and an external DTD', () => {
    expect(parseCoverage({ text: fixture('cobertura.xml') })).toEqual({
      percent: 85.5,
      format: 'cobertura',
      detail: '342/400 lines',
    });
  });

  it('never expands entities: a billion-laughs document is refused quickly with a clear error', () => {
    expect(() => parseCoverage({ text: fixture('billion-laughs.xml') })).toThrow(
      /line-rate="&rate;" on <coverage> is not a number \(entities are not expanded\)/,
    );
  });

  it('ignores an external entity (nothing is fetched, the attribute is read as written)', () => {
    expect(parseCoverage({ text: fixture('xxe.xml') }).percent).toBe(90);
  });

  it('uses the given format over detection', () => {
    expect(() => parseCoverage({ text: fixture('lcov.info'), format: 'cobertura' })).toThrow(
      /no root element found/,
    );
  });

  it.each([
    ['truncated-summary.json', /json-summary: not valid JSON/],
    ['empty-summary.json', /json-summary: total.lines.total is 0/],
    ['malformed.lcov', /lcov line 4: LH must be a whole number, got "abc"/],
    ['not-coverage.xml', /root element is <testsuites>, expected <coverage>/],
  ])('explains what is wrong with %s', (name, message) => {
    expect(() => parseCoverage({ text: fixture(name) })).toThrow(CoverageError);
    expect(() => parseCoverage({ text: fixture(name) })).toThrow(message);
  });

  it.each([
    ['{"total": {"lines": {"total": 10, "covered": 11, "pct": 110}}}', /covered 11 of total 10/],
    ['{"total": {"lines": {"pct": "81"}}}', /pct is "81", not a percentage/],
    ['{"totals": {}}', /no "total.lines" object/],
    ['[1,2]', /not recognised/],
    ['SF:a\nLF:10\nLH:11\nend_of_record\n', /lcov line 4: record hits 11 lines of 10/],
    ['SF:a\nLF:0\nLH:0\nend_of_record\n', /0 lines found/],
    ['<coverage line-rate="1.5"></coverage>', /above 1/],
    ['<coverage branch-rate="0.5"></coverage>', /no line-rate attribute/],
    ['<coverage line-rate="0.5"', /malformed or not closed/],
    ['<?xml version="1.0"', /unterminated processing instruction/],
    ['   ', /the file is empty/],
    ['hello world', /not recognised/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCoverage({ text })).toThrow(message);
  });

  it('refuses an unknown format name', () => {
    expect(() => parseCoverage({ text: '{}', format: 'jacoco' as 'lcov' })).toThrow(
      /"jacoco" is not one of json-summary, lcov, cobertura/,
    );
  });

  it('refuses a report larger than the bound without reading it', () => {
    const text = `SF:a\n${' '.repeat(MAX_COVERAGE_CHARS)}`;
    expect(() => parseCoverage({ text })).toThrow(/more than the \d+ read/);
  });

  it('detects each format', () => {
    expect(detectCoverageFormat('\uFEFF  {"total":{}}')).toBe('json-summary');
    expect(detectCoverageFormat('<?xml version="1.0"?><coverage/>')).toBe('cobertura');
    expect(detectCoverageFormat('TN:\nSF:x\n')).toBe('lcov');
  });
});
