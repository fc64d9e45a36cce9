import type { Context } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import type { Decision } from '../core/decision/decision.ts';
import type { CommentEdit } from '../core/decision/evaluation-context.ts';
import { handAddedStatusLabel, labelEventByOurApp } from '../core/decision/event-can-change-result.ts';
import type { PolicyLoad } from '../core/policy/load-policy.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitRepositorySettingsPort } from '../github/octokit/octokit-repository-settings-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import type { GitHubPort } from '../github/ports/github-port.ts';
import { answerNow } from '../ops/early-answers.ts';
import { dirtyChangeKey, evaluationJoinKey } from '../use-cases/evaluation-join-key.ts';
import type { SharedEvaluation } from '../use-cases/joinable-evaluations.ts';
import { reconcileChange } from '../use-cases/reconcile-change.ts';
import { claimDelivery } from './claim-when-acting.ts';
import { coveredBy } from './covering-evaluations.ts';
import { releaseWaitingDeploysAfter } from './release-after-approval.ts';

/**
 * What every handler does once its event may change a decision: re-evaluate PR or issue `number` of the
 * event's repository as the event's sender, then release deploys waiting for it. Label events the app
 * caused itself are skipped: it has just evaluated.
 */
export const reconcileFromEvent = async (options: {
  deps: AppDeps;
  context: Context;
  number: number;
  /** Reuse a port built for the event (e.g. after reading the config). */
  port?: GitHubPort;
  /** An edit of one of the app's comments (ticks in the implementation-steps comment). */
  commentEdit?: CommentEdit;
  /** Evaluate only when this holds for the policy read with the facts (reconcileChange's `onlyWhen`). */
  onlyWhen?: (policy: PolicyLoad) => boolean;
}): Promise<Decision | null> => {
  const { deps, context } = options;
  const payload = context.payload as {
    action?: string;
    sender?: { login: string };
    label?: { name?: string };
    installation?: { id?: number };
  };
  const sender = payload.sender?.login ?? 'unknown';
  if (payload.action === 'labeled' || payload.action === 'unlabeled') {
    const { botLogin } = await deps.identity();
    if (labelEventByOurApp({ sender, botLogin })) return null;
  }
  // From here on the event is acted on: its delivery is claimed first (the handler's, with replicas), and left
  // alone when another replica handles it.
  if (!(await claimDelivery(context))) return null;
  const repo = context.repo();
  const where = `${repo.owner}/${repo.repo}#${options.number}`;
  // Built when first used: an event covered by a queued evaluation logs nothing at info.
  let changeLog: Context['log'] | undefined;
  // Every line about this change carries it (and the delivery id, from the handler's logger).
  const logOf = (): Context['log'] => {
    changeLog ??= context.log.child({ change: where });
    return changeLog;
  };
  const hand = handAddedStatusLabel({ action: payload.action, label: payload.label?.name });
  const warnOfHandAddedLabel =
    hand === null ? null : handAddedLabelWarning({ hand, where, sender, log: logOf() });
  const evaluate = async (shared: SharedEvaluation | null): Promise<Decision> => {
    const onlyWhen = shared?.onlyWhen ?? options.onlyWhen;
    const log = logOf();
    const decision = await reconcileChange({
      deps,
      port: options.port ?? createOctokitPort({ octokit: context.octokit, teams: deps.teams }),
      log,
      reviewIssues: octokitReviewIssuePort(context.octokit),
      ref: { ...repo, number: options.number },
      actor: sender,
      mergeRequirement: {
        settings: octokitRepositorySettingsPort({ octokit: context.octokit, ...repo }),
        cache: deps.mergeRequirements,
      },
      ...(options.commentEdit ? { commentEdit: options.commentEdit } : {}),
      ...(onlyWhen ? { onlyWhen } : {}),
      ...(shared ? { onReading: shared.onReading, onUnsettled: shared.unsettled } : {}),
    });
    // After the reconcile returned, outside the change's lock: releasing reads other changes' gates.
    await releaseWaitingDeploysAfter({ deps, context: { octokit: context.octokit, repo: () => repo, log } })(
      decision,
    );
    return decision;
  };
  const key = evaluationJoinKey({
    installationId: payload.installation?.id ?? null,
    ref: { ...repo, number: options.number },
    ...(options.commentEdit ? { commentEdit: options.commentEdit } : {}),
  });
  if (key === null) {
    const decision = await evaluate(null);
    warnOfHandAddedLabel?.(decision);
    return decision;
  }
  const dirtyKey = dirtyChangeKey({
    installationId: payload.installation?.id ?? null,
    ref: { ...repo, number: options.number },
  });
  const joined = await deps.evaluations.run({
    key,
    ...(dirtyKey === null ? {} : { dirtyKey }),
    ...(options.onlyWhen ? { onlyWhen: options.onlyWhen } : {}),
    evaluate,
  });
  if (joined.role !== 'covered' && joined.recorded) {
    // This event's dirty mark is in Redis: until an evaluation that began reading after it succeeds, the heal
    // round evaluates the change (should this process die). So its delivery is answered now, and this handler
    // goes on waiting for the evaluation: a failure still gives the claim back and is retried as before.
    // Without Redis nothing answers for the event but its evaluation: the delivery waits for it.
    answerNow(context);
  }
  if (joined.role === 'covered') {
    // Answered now: the queued evaluation (here or in another replica) reads after this event came, and its
    // owner's delivery answers for it; with Redis the change stays marked dirty until that evaluation succeeds.
    // Nothing here waits for it but the hand-added label's warning, which holds its own few values only:
    // this event's payload is not kept until that evaluation ends. Most events of a burst end here: the debug
    // line builds the delivery's logger (a pino child) only when debug is on (DeliveryLog).
    // Handled only once that evaluation succeeds: should it fail, a redelivery of this delivery evaluates again
    // (the claim keeps the evaluation's promise, not this event). Covered by another replica's evaluation (no
    // promise here): handled at once; the change's dirty mark stays until an evaluation succeeds, and the heal
    // round evaluates it if none does.
    context.log.debug(
      { change: where },
      'covered by an evaluation of the change queued when this event came: answered without waiting',
    );
    if (joined.result) coveredBy(context, joined.result);
    if (warnOfHandAddedLabel) void joined.result?.then(warnOfHandAddedLabel, () => undefined);
    return null;
  }
  const decision = await joined.result;
  if (joined.role === 'joined')
    logOf().debug('answered by an evaluation of the change that was queued when this event came');
  warnOfHandAddedLabel?.(decision);
  return decision;
};

/**
 * The warning for a status label someone added by hand, from the decision that removed it. Built apart from
 * the handler so that it holds only these values, not the event.
 */
const handAddedLabelWarning = (options: {
  hand: string;
  where: string;
  sender: string;
  log: Pick<Context['log'], 'warn'>;
}): ((decision: Decision) => void) => {
  const { hand, where, sender, log } = options;
  return (decision) => {
    if (decision.labels?.every((label) => label.toLowerCase() !== hand)) {
      log.warn(
        `${where}: @${sender} added the status label ${hand} by hand; status labels are written by Change Gate only, so it was removed`,
      );
    }
  };
};
