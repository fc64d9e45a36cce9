import { CHAIN_HEAD_PREFIX } from '../history/chain-head-marker.ts';
import type { OwedStep } from '../steps/steps-owed.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';
import type { CheckRunFact } from './change-facts.ts';
import type { CheckRunPlan } from './check-run-plan.ts';

const HEADING = '### Implementation steps owed';

/** The check's section naming the steps still owed before a production deploy; empty when none is. */
export const stepsSection = (owed: readonly OwedStep[]): string =>
  owed.length === 0
    ? ''
    : `\n\n${HEADING}\n\nA production deploy waits until these are ticked in the change's implementation-steps comment (merging does not):\n${owed
        .map((step) => `- [ ] ${escapeMarkdown(step.name, 200)}`)
        .join('\n')}`;

/** Markers the reconcile writes again (checkForCommit, the apply step); any other (maintenance…) is kept. */
const REWRITTEN = /^<!-- change-gate:(?:covers|heads|emergency|steps-owed|digest)\b[^\n]*-->$/gm;
const SECTION = new RegExp(`\\n*${HEADING}\\n[\\s\\S]*?(?=\\n## |\\n### |$)`, 'g');
const CONCLUSIONS: ReadonlySet<string> = new Set([
  'success',
  'failure',
  'neutral',
  'cancelled',
  'action_required',
]);

/**
 * Our run on a merged head as it stands, with only the steps owed brought up to date: the markers written
 * again on the way out (checkForCommit, this change's chain head) are taken off, any other marker of ours
 * stays (a maintenance window must not be lost), the old section is replaced by the new one.
 * GitHub does not give back the run's text, so the text says where the rest of the record is.
 */
export const mergedCheckWithSteps = (options: {
  run: CheckRunFact;
  owed: readonly OwedStep[];
  changeId: string;
  /** `owner/repo#number`, as this change's chain-head marker names it (see chainHeadName). */
  changeName: string;
  headSha: string;
}): CheckRunPlan => {
  const { run } = options;
  const chainHead = `${CHAIN_HEAD_PREFIX} ${options.changeName} `;
  const own = (run.outputSummary ?? '')
    .replace(REWRITTEN, '')
    .split('\n')
    .filter((line) => !line.startsWith(chainHead))
    .join('\n')
    .replace(SECTION, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const completed = run.status === 'completed';
  const conclusion = completed && run.conclusion && CONCLUSIONS.has(run.conclusion) ? run.conclusion : null;
  return {
    name: run.name,
    headSha: options.headSha,
    status: completed ? 'completed' : 'in_progress',
    conclusion: (completed ? (conclusion ?? 'failure') : null) as CheckRunPlan['conclusion'],
    title: run.outputTitle ?? '',
    summary: `${own}${stepsSection(options.owed)}`,
    text: `The implementation steps owed were brought up to date after the merge; the approvals and tests behind this check are in the change's history comments.`,
    externalId: options.changeId,
  };
};
