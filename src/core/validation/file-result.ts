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
  /** The change's `id:` when the form gives one in the CHG-YYYY-NNN form (the app assigns it from the PR or issue number). */
  changeId?: string | null;
  /** A valid change request's approval level and required roles (in order). */
  level?: string | null;
  roles?: string[];
  /** One line about a valid input, e.g. `change request, type security, priority high, level high, roles …`. */
  summary: string | null;
}
