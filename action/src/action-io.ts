/**
 * Everything the action does with its runner, behind one interface: `run.ts` implements it with
 * @actions/core, tests with an in-memory recorder.
 */
export interface ActionIO {
  /** An input as given (trimmed); '' when not set. */
  input(name: string): string;
  /** A variable of the runner's environment. */
  env(name: string): string | undefined;
  setOutput(name: string, value: string): void;
  /** Sets a variable for the later steps of the job. */
  exportVariable(name: string, value: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** An error or warning annotation on a file of the workspace (at a line and column when known). */
  annotate(annotation: Annotation): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
}

export interface Annotation {
  severity: 'error' | 'warning';
  message: string;
  /** Relative to the workspace. */
  file: string;
  startLine?: number;
  startColumn?: number;
}

/** Time, injected so that waiting can be tested without waiting. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** What a command ends with: `run()` turns `failure` into `core.setFailed`. */
export interface CommandOutcome {
  failure: string | null;
}
