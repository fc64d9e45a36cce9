/** A coverage report that cannot be read; the message says which format, where and why. */
export class CoverageError extends Error {
  override name = 'CoverageError';
}

export const COVERAGE_FORMATS = ['json-summary', 'lcov', 'cobertura'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

export interface Coverage {
  /** Line coverage, 0–100. */
  percent: number;
  format: CoverageFormat;
  /** What was counted, e.g. `812/1000 lines`. */
  detail: string;
}

/** Larger reports are refused rather than read: a full lcov of a big monorepo stays far below this. */
export const MAX_COVERAGE_CHARS = 64 * 1024 * 1024;
