// What the throughput bench's preloads (bench/preloads/*.ts) share: which measured process this is, and the
// writing of a file when the bench ends it.
import { mkdirSync, writeFileSync } from 'node:fs';

/** The measured side this process runs: the app (`dist/app.js`), the no-op Probot app, or neither (null). */
export const measuredKind = (argv: readonly string[] = process.argv): 'app' | 'noop' | null =>
  argv.some((argument) => argument.endsWith('dist/app.js'))
    ? 'app'
    : argv.some((argument) => argument.includes('noop-app'))
      ? 'noop'
      : null;

/**
 * When the bench ends the process (SIGTERM or SIGINT; Node's default would skip the exit work): `finish` is
 * asked for the file's text (null: nothing to write), written as `<dir>/<kind>-<pid>.<extension>`, then the
 * process exits.
 */
export const writeWhenEnded = (options: {
  dir: string;
  kind: string;
  extension: string;
  finish: (write: (text: string | null) => void) => void;
}): void => {
  mkdirSync(options.dir, { recursive: true });
  const end = () =>
    options.finish((text) => {
      if (text !== null)
        writeFileSync(`${options.dir}/${options.kind}-${process.pid}.${options.extension}`, text);
      process.exit(0);
    });
  process.once('SIGTERM', end);
  process.once('SIGINT', end);
};
