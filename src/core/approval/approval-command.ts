import type { Problem } from '../validation/problem.ts';

/** A slash command found at the top of a comment. `problems` use lines of the comment body (1-based). */
export type ApprovalCommand =
  | { kind: 'approve'; comment: string; conditions: string[]; problems: Problem[] }
  | { kind: 'reject'; reason: string; problems: Problem[] };
