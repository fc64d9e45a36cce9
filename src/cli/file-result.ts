export type InputKind = 'change' | 'config' | 'markdown';

/** A problem placed in the file: LINE is the file's own line (block start + line in block). */
export interface FileProblem {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  path?: string;
}

export interface FileResult {
  file: string;
  kind: InputKind | null;
  valid: boolean;
  problems: FileProblem[];
  /** One line about a valid input, e.g. `change request, type security, priority high, level high, roles …`. */
  summary: string | null;
}
