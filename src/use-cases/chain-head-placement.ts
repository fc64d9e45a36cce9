import { chainHeadName } from '../core/decision/chain-head-of.ts';
import type { CheckRunPlan } from '../core/decision/check-run-plan.ts';
import { type ChainHead, chainHeadMarker } from '../core/history/chain-head-marker.ts';
import type { VerifiedEntry } from '../core/history/verified-entry.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';

/** Room for the markers after the summary: GitHub keeps 65,535 characters, the port cuts at 65,000. */
const MAX_SUMMARY = 60_000;

/** The newest entry's hash and the entry count: what deleting the newest entries would change. */
export const headOf = (history: readonly Pick<VerifiedEntry, 'hash'>[]): ChainHead => ({
  hash: history.at(-1)?.hash ?? null,
  count: history.length,
});

/** The chain-head line of change `ref`, for where only the app writes (our check run, the status comment). */
export const chainHeadLine = (ref: ChangeRef, head: ChainHead): string =>
  chainHeadMarker(chainHeadName(ref), head);

/** `plan` (the decision's, or one already given a head) with the chain head last in its summary. */
export const withHead = (ref: ChangeRef, plan: CheckRunPlan, head: ChainHead): CheckRunPlan => {
  const marker = chainHeadLine(ref, head);
  const base = plan.summary.replace(/\n\n<!-- change-gate:chain-head [^\n]* -->$/, '');
  // Cut a huge summary first, so that the port's own cut can never take the marker off.
  const summary = base.length <= MAX_SUMMARY ? base : `${base.slice(0, MAX_SUMMARY)}\n\n… (shortened)`;
  return { ...plan, summary: `${summary}\n\n${marker}` };
};
