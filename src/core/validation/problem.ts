/** Something wrong with user input, located as precisely as we can. Lines and columns are 1-based. */
export interface Problem {
  message: string;
  /** Line inside the YAML block (or file) the problem refers to; 0 when it has no position. */
  line: number;
  column: number;
  /** JSON path of the offending key or value, e.g. `/change_request/priority`. */
  path?: string;
  severity: 'error' | 'warning';
}
