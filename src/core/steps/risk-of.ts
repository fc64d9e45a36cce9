import type { Change, RiskLevel } from '../change-request/change.ts';
import { RISK_LEVELS } from '../change-request/change.ts';
import type { HistoryEntry } from '../history/history-entry.ts';

/** The risk a change's implementation steps are decided on: its `risk_level`, else its priority. */
export const riskOf = (change: Change): RiskLevel => change.form.risk_level ?? change.priority;

/**
 * The risk the history recorded with the last valid block (`submitted`, `invalidated`): what counts once the
 * description can no longer be trusted to hold that block (edited after the merge). Null when the history
 * does not say (entries written before risks were recorded, or no valid block).
 */
export const recordedRisk = (entries: ReadonlyArray<{ entry: HistoryEntry }>): RiskLevel | null => {
  const last = entries
    .map(({ entry }) => entry)
    .findLast((entry) => entry.event === 'submitted' || entry.event === 'invalidated');
  if (!last || last.data.valid === false) return null;
  const risk = last.data.risk_level;
  return (RISK_LEVELS as readonly unknown[]).includes(risk) ? (risk as RiskLevel) : null;
};
