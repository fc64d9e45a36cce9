import type { Change } from '../change-request/change.ts';
import { parseChange } from '../change-request/parse-change.ts';
import { readStepsOwed } from '../deploy/steps-owed-marker.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import type { StepEvidence } from '../policy/policy.ts';
import { newlyTickedSteps } from '../steps/newly-ticked-steps.ts';
import { blockEvidence, deploymentEvidence } from '../steps/proven-evidence.ts';
import { recordedSteps, type StepTick } from '../steps/recorded-steps.ts';
import { renderStepsComment } from '../steps/render-steps-comment.ts';
import { recordedRisk, riskOf } from '../steps/risk-of.ts';
import { type ListedStep, stepList } from '../steps/step-list.ts';
import { isStepsComment, stepsCommentMarker } from '../steps/steps-comment-marker.ts';
import { type OwedStep, stepsOwed } from '../steps/steps-owed.ts';
import { testingRequired } from '../testing/testing-required.ts';
import { chainHeadName } from './chain-head-of.ts';
import type { CommentFact } from './change-facts.ts';
import type { ChangeStatus } from './change-status.ts';
import type { Decision } from './decision.ts';
import { draft, type EvaluationContext } from './evaluation-context.ts';
import { mergedCheckWithSteps, stepsSection } from './merged-check-with-steps.ts';

/**
 * The change's implementation steps (procedure §4), added to a decision: the ticks to record
 * (`step_completed`), the task-list comment rendered from the policy and the signed history, and the steps
 * still owed before a production deploy, shown in the check and carried in it for the deploy gate.
 * - People tick a step by ticking its box in the app's comment: only an edit of that comment (by our bot)
 *   counts, only boxes newly ticked in it, only steps without evidence, and the sender of the edit is who
 *   ticked it. Unticks and anything else edited there are undone by rendering the comment again.
 * - Evidence steps are ticked by the app from what GitHub proves: deployments the history records (staging,
 *   production, finished) as `step_completed` entries in the app's name; the block (rollback plan, schedule)
 *   and the testing gate derived again on every evaluation.
 * - After the merge the check is frozen: when the steps owed change, our run on the merged head is
 *   brought up to date (mergedCheckWithSteps), since that run is all the gate reads.
 */
export const withSteps = (context: EvaluationContext, decision: Decision): Decision => {
  const { input, facts, policy, changeId } = context;
  const steps = stepList(policy);
  if (steps.length === 0 || decision.status === null) return decision;
  const entries = input.history.entries;
  const ticks = new Map<string, StepTick>(recordedSteps(entries));
  const history: DraftEntry[] = [];
  const at = input.now.toISOString();
  const tick = (step: ListedStep, actor: string, evidence: StepEvidence | null) => {
    if (ticks.has(step.id)) return;
    ticks.set(step.id, { actor, at, evidence });
    history.push({
      ...draft(context, {
        event: 'step_completed',
        blockHash: context.recorded.blockHash ?? null,
        data: { step: step.id, name: step.name, phase: step.phase, ...(evidence ? { evidence } : {}) },
      }),
      actor,
    });
  };

  const ours = (comment: CommentFact) =>
    comment.authorIsBot &&
    comment.author.toLowerCase() === input.app.botLogin.toLowerCase() &&
    isStepsComment(comment.body, changeId);
  const existing = facts.comments.find(ours);
  const edit = input.commentEdit;
  if (
    edit &&
    existing?.id === edit.commentId &&
    input.actor.toLowerCase() !== input.app.botLogin.toLowerCase()
  ) {
    for (const step of newlyTickedSteps({ steps, before: edit.before, after: edit.after })) {
      tick(step, input.actor, null);
    }
  }
  // Deployments are events: their evidence is recorded once, in the app's name.
  const deployed = new Set(
    deploymentEvidence({ entries: [...entries.map(({ entry }) => entry), ...decision.history], policy }),
  );
  for (const step of steps) {
    if (step.evidence !== undefined && deployed.has(step.evidence))
      tick(step, input.app.botLogin, step.evidence);
  }
  // The block and the testing gate are derived again on every evaluation (their record is the block hash the
  // history binds and the approval): shown ticked, not recorded, so a change costs no extra comment for them.
  const block = trustedBlock(context, decision);
  const derived = new Set(
    block ? (decision.evidence ?? frozenBlockEvidence(context, block)) : editedEvidence(context),
  );
  const shownTicks = new Map(ticks);
  for (const step of steps) {
    if (step.evidence !== undefined && derived.has(step.evidence) && !shownTicks.has(step.id)) {
      shownTicks.set(step.id, { actor: input.app.botLogin, at: null, evidence: step.evidence });
    }
  }

  const risk = block ? riskOf(block) : recordedRisk(entries);
  const owed = stepsOwed({ steps, risk, ticked: new Set(shownTicks.keys()) });
  const body = renderStepsComment({
    changeId,
    steps,
    ticks: shownTicks,
    owed: new Set(owed.map((step) => step.id)),
  });
  const live = decision.status !== 'invalid' && decision.status !== 'cancelled';
  const marker = stepsCommentMarker(changeId);
  // Emergency changes deploy first (their check run says so): nothing is owed before their deploy.
  const shown = live && !decision.emergency ? owed : [];
  return {
    ...decision,
    history: [...decision.history, ...history],
    stepsOwed: shown,
    stepsComment: existing?.body === body ? null : { marker, body, create: live },
    check: decision.check
      ? { ...decision.check, summary: `${decision.check.summary}${stepsSection(shown)}` }
      : mergedCheck(context, { owed: shown }),
  };
};

/**
 * The change block the steps are decided on: the description's block when it is the one the history last
 * recorded (a description edited after the merge proves and lowers nothing). Null when there is none: then
 * only what the history recorded counts (editedEvidence, recordedRisk), and with no recorded risk every step
 * required before deploy is owed, whatever its risk levels.
 */
const trustedBlock = (context: EvaluationContext, decision: Decision): Change | null => {
  const parsed = parseChange(context.facts.body, { changeTypes: context.policy.change_types });
  if (parsed.status !== 'valid') return null;
  const recorded =
    decision.history.findLast((entry) => entry.event === 'submitted' || entry.event === 'invalidated')
      ?.block_hash ?? context.recorded.blockHash;
  return parsed.change.block.hash === recorded ? parsed.change : null;
};

const TESTED: ReadonlySet<ChangeStatus> = new Set([
  'approved',
  'implementing',
  'completed',
  'failed',
  'rolled_back',
]);

/**
 * Block evidence once the change is no longer evaluated (merged, implemented): the testing gate was passed
 * when testing was required and the change was approved (approval waits for the tests), not when an
 * emergency change deployed first.
 */
const frozenBlockEvidence = (context: EvaluationContext, change: Change): StepEvidence[] => {
  const { recorded, policy } = context;
  const tested = recorded.status !== null && TESTED.has(recorded.status) && !recorded.emergency;
  return blockEvidence({
    change,
    testing: { required: testingRequired(policy, change).required, ok: tested },
  });
};

/**
 * The description no longer holds the recorded block (edited after the merge): only what the history proves.
 * A valid block was recorded, and completeness requires a rollback plan in every valid block.
 */
const editedEvidence = (context: EvaluationContext): StepEvidence[] =>
  context.recorded.blockHash && context.recorded.status !== 'invalid' ? ['rollback_plan'] : [];

/** Our run on a merged head, updated only when the steps it says are owed are no longer the ones owed. */
const mergedCheck = (context: EvaluationContext, options: { owed: OwedStep[] }) => {
  const { facts, policy, input } = context;
  if (facts.kind !== 'pull_request' || !facts.merged || !facts.headSha) return null;
  const run = facts.checkRuns
    .filter((candidate) => candidate.appId === input.app.id && candidate.name === policy.check_name)
    .filter((candidate) => candidate.headSha === facts.headSha)
    .sort((a, b) => b.id - a.id)[0];
  if (!run) return null;
  const shown = readStepsOwed(run.outputSummary, facts.number);
  const same =
    shown.ok && shown.steps.map((step) => step.id).join() === options.owed.map((step) => step.id).join();
  if (same) return null;
  return mergedCheckWithSteps({
    run,
    owed: options.owed,
    changeId: context.changeId,
    changeName: chainHeadName(facts),
    headSha: facts.headSha,
  });
};
