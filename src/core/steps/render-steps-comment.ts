import type { ImplementationPhase } from '../policy/policy.ts';
import { escapeMarkdown, mention } from '../text/escape-markdown.ts';
import type { StepTick } from './recorded-steps.ts';
import type { ListedStep } from './step-list.ts';
import { stepsCommentMarker } from './steps-comment-marker.ts';

const PHASE_TITLE: Record<ImplementationPhase, string> = {
  pre_implementation: 'Pre-implementation',
  implementation: 'Implementation',
  post_implementation: 'Post-implementation',
};

const EVIDENCE_TEXT: Record<string, string> = {
  rollback_plan: 'the change block has a rollback plan',
  schedule: 'scheduled, or no maintenance window needed',
  staging_deployment: 'deployed to staging',
  testing: 'the testing gate passed',
  production_deployment: 'the gate let it deploy to production',
  deploy_finished: 'the production deployment finished',
};

const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const lineOf = (options: { step: ListedStep; tick: StepTick | undefined; owed: boolean }): string => {
  const { step, tick } = options;
  const name = escapeMarkdown(step.name, 200);
  const proof = tick?.evidence
    ? ` (${EVIDENCE_TEXT[tick.evidence] ?? escapeMarkdown(tick.evidence, 40)})`
    : '';
  const done = tick ? ` — ${mention(tick.actor)}${tick.at ? `, ${when(tick.at)}` : ''}${proof}` : '';
  const notes = [
    step.evidence !== undefined && !tick ? '_ticked by Change Gate from evidence_' : '',
    options.owed ? '**required before a production deploy**' : '',
  ].filter(Boolean);
  const note = notes.length > 0 ? ` · ${notes.join(' · ')}` : '';
  return `- [${tick ? 'x' : ' '}] ${name}${done}${note} <!-- step:${step.id} -->`;
};

/**
 * The task-list comment, rendered from the policy's steps and the signed history only: whatever someone
 * edited into it is replaced on the next evaluation. Each line carries its step id, so a tick is read back
 * by id (readStepCheckboxes).
 */
export const renderStepsComment = (options: {
  changeId: string;
  steps: readonly ListedStep[];
  ticks: ReadonlyMap<string, StepTick>;
  /** Ids of the steps still owed before a production deploy. */
  owed: ReadonlySet<string>;
}): string => {
  const { steps, ticks, owed } = options;
  const phases = (Object.keys(PHASE_TITLE) as ImplementationPhase[]).flatMap((phase) => {
    const lines = steps
      .filter((step) => step.phase === phase)
      .map((step) => lineOf({ step, tick: ticks.get(step.id), owed: owed.has(step.id) }));
    return lines.length === 0 ? [] : [`**${PHASE_TITLE[phase]}**\n\n${lines.join('\n')}`];
  });
  return [
    stepsCommentMarker(options.changeId),
    `### Implementation steps — ${options.changeId}`,
    'Tick a step here when it is done: Change Gate records who ticked it (unticking is not recorded). Steps it can prove from GitHub (rollback plan, schedule, staging and production deployments, tests) it ticks itself.',
    ...phases,
  ].join('\n\n');
};
