/** What the CLI needs from the outside world; tests pass fakes, main.ts passes the process. */
export interface CliIo {
  /** Reads a file as UTF-8; throws when it cannot. */
  readFile: (path: string) => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
