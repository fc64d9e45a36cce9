import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { CoverageError, MAX_COVERAGE_CHARS } from '../../src/core/testing/coverage-error.ts';

/** Reads a coverage report from the workspace, refusing files too large to be a report before reading them. */
export async function readCoverageFile(options: { path: string; workspace: string }): Promise<string> {
  const path = isAbsolute(options.path) ? options.path : resolve(options.workspace, options.path);
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CoverageError(
      code === 'ENOENT'
        ? `coverage-file ${options.path} does not exist; did the test step write it (and run in this job)?`
        : `coverage-file ${options.path} cannot be read (${code ?? (error as Error).message})`,
    );
  }
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw new CoverageError(`coverage-file ${options.path} is not a file`);
    if (stats.size > MAX_COVERAGE_CHARS) {
      throw new CoverageError(
        `coverage-file ${options.path} is ${stats.size} bytes, more than the ${MAX_COVERAGE_CHARS} read; pass a summary report (json-summary, cobertura)`,
      );
    }
    return await file.readFile({ encoding: 'utf8' });
  } finally {
    await file.close();
  }
}
