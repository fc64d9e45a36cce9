import { type ChangeHistory, toChangeHistory } from '../history/to-change-history.ts';
import type { ReportChange } from './report.ts';
import { untrustedHistory } from './untrusted-history.ts';

/** The procedure's "Change History" of one change, extended with where it lives and whether it verifies. */
export interface ChangeHistoryReport extends ChangeHistory {
  repository: string;
  number: number;
  /** True when nothing in the history sets the change apart from the reports (see `untrustedHistory`). */
  verified: boolean;
  /** Every problem the reader found, for a person: forged, tampered, foreign, missing, edited entries… */
  problems: Array<{ kind: string; message: string }>;
}

/**
 * One change's history in the procedure's shape (`change_id`, `history: [{ timestamp, action, user, details }]`,
 * see `toChangeHistory`: verified entries only), then `repository`, `number`, `verified` and `problems`.
 */
export const changeHistoryReport = (change: ReportChange): ChangeHistoryReport => ({
  ...toChangeHistory(change.changeId, change.history.entries),
  repository: change.repository,
  number: change.number,
  verified: untrustedHistory(change.history.problems).length === 0,
  problems: change.history.problems.map(({ kind, message }) => ({ kind, message })),
});
