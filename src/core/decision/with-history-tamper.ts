import type { DraftEntry } from '../history/draft-entry.ts';
import type { HistoryEvent } from '../history/history-entry.ts';
import { tamperEntryData } from '../history/history-tamper.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';
import type { CheckRunPlan } from './check-run-plan.ts';
import type { Decision } from './decision.ts';
import { draft, type EvaluationContext } from './evaluation-context.ts';

const MAX_LISTED = 10;

/**
 * Entries the evaluation writes because the history no longer shows them: caused by whoever deleted or
 * edited it, not by this event's sender, so the app records them in its own name.
 */
const RESTORED: ReadonlySet<HistoryEvent> = new Set([
  'submitted',
  'invalidated',
  'approval_voided',
  'cancelled',
]);

const restored = (entry: DraftEntry, bot: string): DraftEntry =>
  entry.event === 'approval_voided'
    ? {
        ...entry,
        actor: bot,
        data: {
          ...entry.data,
          reason: 'the history was found tampered with: approvals given before it no longer count',
        },
      }
    : { ...entry, actor: bot };

const noteOf = (context: EvaluationContext, failing: boolean): string => {
  const { tamper } = context;
  const found = tamper.findings.length > 0 ? tamper.findings.map((finding) => finding.message) : [];
  const lines = (found.length > 0 ? found : [tamper.recordedReason ?? 'see the history_tampered entry'])
    .slice(0, MAX_LISTED)
    .map((message) => `- history tampered: ${escapeMarkdown(message, 500)}`);
  const since = tamper.countFrom ?? '';
  return failing
    ? [
        '### History tampered',
        ...lines,
        '',
        `Approvals given before ${since} (when this was detected) no longer count: the required roles must approve again.`,
      ].join('\n')
    : [
        '### History was tampered with',
        ...lines,
        '',
        `The required roles approved again after it was detected (${since}).`,
      ].join('\n');
};

const tamperedCheck = (
  plan: CheckRunPlan,
  options: { failing: boolean; note: string; title: string | null },
): CheckRunPlan =>
  options.failing
    ? {
        ...plan,
        status: 'completed',
        conclusion: 'failure',
        title: options.title ?? plan.title,
        summary: `${options.note}\n\n${plan.summary}`,
      }
    : { ...plan, summary: `${plan.summary}\n\n${options.note}` };

/**
 * Makes a decision fail closed on a tampered history (DESIGN: trust model): while the required roles have not
 * approved again since the tampering was detected, a change that is not approved fails its check
 * ("history tampered: …", naming each missing link) — approvals from before the detection no longer count
 * (see `countFrom`). New findings are recorded by a signed `history_tampered` entry, in the app's name: the
 * sender of this event did not necessarily do it. Once re-approved the check passes again and still says
 * what happened.
 */
export const withHistoryTamper = (context: EvaluationContext, decision: Decision): Decision => {
  const { tamper, input } = context;
  if (tamper.countFrom === null) return decision;
  const bot = input.app.botLogin;
  const detected = tamper.unrecorded.length > 0;
  const history: DraftEntry[] = detected
    ? [
        {
          ...draft(context, {
            event: 'history_tampered',
            data: tamperEntryData(tamper.unrecorded, input.actor),
            blockHash: context.recorded.blockHash ?? null,
          }),
          actor: bot,
        },
        ...decision.history.map((entry) => (RESTORED.has(entry.event) ? restored(entry, bot) : entry)),
      ]
    : decision.history;
  const live = decision.status !== null && decision.status !== 'cancelled';
  const failing = live && decision.status !== 'approved' && !tamper.reapproved;
  const note = noteOf(context, failing);
  const title = decision.status === 'pending_approval' ? `History tampered — ${context.changeId}` : null;
  return {
    ...decision,
    headline: failing && title !== null ? title : decision.headline,
    history,
    check: decision.check && tamperedCheck(decision.check, { failing, note, title }),
    statusComment: decision.statusComment && `${decision.statusComment}\n\n${note}`,
  };
};
