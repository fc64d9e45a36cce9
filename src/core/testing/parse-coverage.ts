import {
  COVERAGE_FORMATS,
  type Coverage,
  CoverageError,
  type CoverageFormat,
  MAX_COVERAGE_CHARS,
} from './coverage-error.ts';
import { parseCobertura } from './parse-cobertura.ts';
import { parseJsonSummary } from './parse-json-summary.ts';
import { parseLcov } from './parse-lcov.ts';

const PARSERS: Record<CoverageFormat, (text: string) => Coverage> = {
  'json-summary': parseJsonSummary,
  lcov: parseLcov,
  cobertura: parseCobertura,
};

/**
 * Line coverage from an istanbul json-summary, an lcov tracefile or a Cobertura XML report. The format is
 * detected from the content when not given. Throws CoverageError saying what is wrong.
 */
export function parseCoverage(options: { text: string; format?: CoverageFormat | '' | undefined }): Coverage {
  const { text } = options;
  if (typeof text !== 'string') throw new CoverageError('coverage report: expected text');
  if (text.length > MAX_COVERAGE_CHARS) {
    throw new CoverageError(
      `coverage report: ${text.length} characters is more than the ${MAX_COVERAGE_CHARS} read; pass the summary report instead`,
    );
  }
  const format = options.format ? options.format : detectCoverageFormat(text);
  const parser = Object.hasOwn(PARSERS, format) ? PARSERS[format] : undefined;
  if (!parser) {
    throw new CoverageError(
      `coverage format "${String(format).slice(0, 40)}" is not one of ${COVERAGE_FORMATS.join(', ')}`,
    );
  }
  return parser(text);
}

/** Guesses the format from the first characters and, for lcov, its record keys. */
export function detectCoverageFormat(text: string): CoverageFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start === '') throw new CoverageError('coverage report: the file is empty');
  if (start.startsWith('{')) return 'json-summary';
  if (start.startsWith('<')) return 'cobertura';
  if (/^(?:TN|SF|LF|LH|DA|FN|end_of_record)\b/m.test(start.slice(0, 64 * 1024))) return 'lcov';
  throw new CoverageError(
    'coverage report: not recognised as istanbul json-summary, lcov or Cobertura XML; set coverage-format',
  );
}
