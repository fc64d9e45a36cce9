/** What the CLI needs from the outside world; tests pass fakes, main.ts passes the process. */
export interface CliIo {
  /** Reads a file as UTF-8; throws when it cannot. */
  readFile: (path: string) => string;
  /** Reads standard input to its end (FILE `-`); throws when it cannot. */
  readStdin: () => string;
  /** True when the path exists (file or directory). */
  exists: (path: string) => boolean;
  /** The working directory: where the repository of stdin, and of relative paths, is looked for. */
  cwd: () => string;
  /** The package's version, for `--version`. */
  version: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
