import { carriedChainHeads } from '../core/decision/carried-chain-heads.ts';
import type { ChangeFacts } from '../core/decision/change-facts.ts';
import { checkForCommit, type PullOnCommit } from '../core/decision/check-for-commit.ts';
import { type Decision, decisionWithoutWrites } from '../core/decision/decision.ts';
import type { CommentEdit } from '../core/decision/evaluation-context.ts';
import { withCheckWarning } from '../core/decision/with-check-warning.ts';
import { mergeRequirementWarning } from '../core/doctor/merge-requirement-warning.ts';
import type { PolicyLoad } from '../core/policy/load-policy.ts';
import type { AppIdentity } from '../github/ports/app-identity.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import type { RepositorySettingsPort } from '../github/ports/repository-settings-port.ts';
import type { ReviewIssuePort } from '../github/ports/review-issue-port.ts';
import { type ApplyReport, applyDecision, wroteAnything } from './apply-decision.ts';
import { applyReviewIssue } from './apply-review-issue.ts';
import { changeLockKey } from './change-lock-key.ts';
import { policyOfConfig } from './policy-of-config.ts';
import { readAndEvaluate } from './read-and-evaluate.ts';
import { type MergeRequirementCache, readMergeRequirement } from './read-merge-requirement.ts';
import { runWithHold } from './run-with-hold.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface ReconcileChangeOptions {
  deps: UseCaseDeps;
  port: GitHubPort;
  log: Pick<UseCaseLog, 'info'>;
  ref: ChangeRef;
  /** Who caused the event. */
  actor: string;
  /**
   * When given, a change's check warns if its base branch does not require the check, as cached (the sweep
   * reads it: an event's evaluation makes no read for it; unknown, no warning).
   */
  mergeRequirement?: {
    settings: Pick<RepositorySettingsPort, 'branchRules' | 'branchProtectionSummary'>;
    cache: MergeRequirementCache;
    /** The sweep's: read it when missing or older than ten minutes. */
    readWhenStale?: boolean;
  };
  /** The review issues of emergency changes deployed before approval; absent = none is read or opened. */
  reviewIssues?: ReviewIssuePort;
  /** The comment edit the event reports: ticks in the implementation-steps comment, by `actor`. */
  commentEdit?: CommentEdit;
  /**
   * Whether the event can change the result under the policy read with the facts (another app's check run
   * completing matters only when the testing gate names it): false = nothing is evaluated or written, and the
   * event cost only the one read. Absent = always evaluate.
   */
  onlyWhen?: (policy: PolicyLoad) => boolean;
  /**
   * Awaited once the change's lock is taken, before anything is read (JoinableEvaluations closes there); when
   * it throws, nothing is read and the reconcile fails with its error.
   */
  onReading?: () => Promise<void> | void;
  /**
   * Called once, at the end, when the last round ran without the replicas' shared lock held throughout: a
   * replica that holds it (Redis answers it, not this one) may still write what it read before; the caller
   * leaves the change to the heal round (JoinableEvaluations keeps its dirty mark; the heal retries later).
   */
  onUnsettled?: () => void;
}

/** Rounds of read → evaluate → apply at the most for one event while the change's lock is not exclusive. */
export const MAX_UNEXCLUSIVE_ROUNDS = 3;

/**
 * Brings one change request on GitHub in line with its evaluation:
 * 1. read the facts, the config and the teams its roles name (one GraphQL read, conditional team reads);
 * 2. evaluate (pure), and the other open pull requests on the same head commit, when there are any;
 * 3. apply the writes that differ; the check run speaks for all of them (checkForCommit).
 * Serialised per repository (changeLockKey), so racing webhooks see each other's writes. When the lock was
 * not exclusive (replicas with Redis unreachable: each evaluates under its own lock) and the apply wrote,
 * another replica may have written what it evaluated from an older read after this one's writes (a pending
 * check run created after the approval's): the change is read and applied again, until a round writes
 * nothing (at most MAX_UNEXCLUSIVE_ROUNDS). When every replica is without the lock, the last writer reads
 * after its writes, so GitHub ends showing an evaluation of everything written before it. When another replica
 * holds it (this one could not ask Redis), that one may write later still: `onUnsettled` tells the caller,
 * whose dirty mark then waits for the heal round, which evaluates behind the lock.
 */
export const reconcileChange = async (options: ReconcileChangeOptions): Promise<Decision> => {
  // Unsettled when the last round ran without the lock (whether or not it wrote): a replica holding it may
  // have read before this one and write after it. A last round under the lock read after any earlier holder.
  const settle = (decision: Decision, lastExclusive: boolean): Decision => {
    if (!lastExclusive) options.onUnsettled?.();
    return decision;
  };
  for (let round = 1; ; round++) {
    const { value, exclusive } = await runWithHold(options.deps.lock, changeLockKey(options.ref), () =>
      reconcileOnce(options, round === 1),
    );
    const { decision, wrote } = value;
    if (!wrote || exclusive) return settle(decision, exclusive);
    const { ref } = options;
    const where = `${ref.owner}/${ref.repo}#${ref.number}`;
    if (round >= MAX_UNEXCLUSIVE_ROUNDS) {
      options.log.info(
        `${where}: still writing after ${round} rounds without the replicas' shared lock: left to the next event (and, with Redis answering, to the heal round)`,
      );
      return settle(decision, exclusive);
    }
    options.log.info(
      `${where}: written without the replicas' shared lock held throughout (Redis unreachable, or its lease lapsed): read again, in case another replica wrote from an older read meanwhile`,
    );
  }
};

/**
 * After a use case wrote a change without the replicas' shared lock held throughout (a lifecycle move, a
 * deployment status): another replica may have written it from an older read meanwhile, so it is evaluated
 * again, as its own webhooks are. What was written stands: a failure here is told to `failed`, not thrown (a
 * retry of the use case would write nothing, and so evaluate nothing).
 */
export const reconcileAgain = (
  options: ReconcileChangeOptions,
  failed: (why: string) => void,
): Promise<void> =>
  reconcileChange(options).then(
    () => undefined,
    (error: unknown) => failed(errorMessage(error)),
  );

/**
 * One round of read → evaluate → apply, under the change's lock; `wrote`: the apply changed something. A
 * round after the first reads again whatever the event (no `onReading`, no `onlyWhen`: the first wrote); the
 * comment edit is kept (ticks it already recorded are skipped).
 */
const reconcileOnce = async (
  options: ReconcileChangeOptions,
  first: boolean,
): Promise<{ decision: Decision; wrote: boolean }> => {
  const { deps, ref, port } = options;
  if (first) await options.onReading?.();
  const [read, config, app] = await Promise.all([
    port.readChange(ref),
    port.readConfig(ref),
    deps.identity(),
  ]);
  const policy = policyOfConfig(config);
  if (first && options.onlyWhen && !options.onlyWhen(policy)) {
    options.log.info(`#${ref.number}: the event cannot change its result under the policy: not evaluated`);
    const decision = decisionWithoutWrites({
      changeId: null,
      status: null,
      emergency: false,
      headline: 'the event cannot change the result: not evaluated',
    });
    return { decision, wrote: false };
  }
  const now = deps.now();
  const common = { deps, port, policy, app, actor: options.actor, now };
  const edit = options.commentEdit ? { commentEdit: options.commentEdit } : {};
  const [evaluated, warning] = await Promise.all([
    readAndEvaluate({
      ...common,
      ref,
      facts: read,
      ...(options.reviewIssues ? { reviewIssues: options.reviewIssues } : {}),
      ...edit,
    }),
    warningFor({ options, facts: read, policy, app, now }),
  ]);
  const { facts, history } = evaluated;
  const { decision, wrote: wroteReviewIssue } = await applyReviewIssue({
    port: options.reviewIssues,
    ref,
    botLogin: app.botLogin,
    ...(deps.reviewIssuesOpened ? { opened: deps.reviewIssuesOpened } : {}),
    decision: evaluated.decision,
  });
  const siblings = await siblingsOf({ ...common, ref, facts, decision });
  const commitCheck = checkForCommit({
    pulls: [{ number: ref.number, decision }, ...siblings],
    othersUnknown: facts.pullsAtHead === null,
    extraMarkers: carriedChainHeads({ facts, app, numbers: siblings.map((sibling) => sibling.number) }),
  });
  const check = withCheckWarning(commitCheck, decision.changeId === null ? null : warning);
  const report = await applyDecision({
    port,
    ref,
    facts,
    decision: { ...decision, check },
    entries: history.entries,
    signer: deps.keys.signer,
    app,
    // Entries carry the time of the evaluation that decided them, so every later evaluation agrees with it.
    now: () => now,
    notify: { queue: deps.notifications, policy },
  });
  logOutcome(options.log, { ref, decision, report });
  deps.onEvaluated?.(decision);
  return { decision, wrote: wroteReviewIssue || wroteAnything(report) };
};

/** The doctor's warning for a change request's pull request whose base branch does not require our check. */
const warningFor = async (options: {
  options: ReconcileChangeOptions;
  facts: Pick<ChangeFacts, 'kind' | 'baseRef' | 'labels'>;
  policy: PolicyLoad;
  app: AppIdentity;
  now: Date;
}): Promise<string | null> => {
  const { mergeRequirement, ref } = options.options;
  const { facts, policy } = options;
  if (!mergeRequirement || policy.status !== 'valid' || facts.kind !== 'pull_request' || !facts.baseRef)
    return null;
  const label = policy.policy.label.toLowerCase();
  if (!facts.labels.some((name) => name.toLowerCase() === label)) return null;
  const repository = `${ref.owner}/${ref.repo}`;
  const requirement = await readMergeRequirement({
    settings: mergeRequirement.settings,
    cache: mergeRequirement.cache,
    ...(mergeRequirement.readWhenStale ? { readWhenStale: true } : {}),
    repository,
    branch: facts.baseRef,
    now: options.now,
  });
  return mergeRequirementWarning({
    checkName: policy.policy.check_name,
    app: options.app,
    branch: facts.baseRef,
    repository,
    facts: requirement,
  });
};

/**
 * The other open pull requests whose head is this one's head, each evaluated as its own webhook would
 * (rare: usually there is none). One whose head moved meanwhile is left out. Only their share of the
 * check is used here; their own labels and history follow their own events.
 */
const siblingsOf = async (
  options: Omit<Parameters<typeof readAndEvaluate>[0], 'facts'> & {
    facts: ChangeFacts;
    decision: Decision;
  },
): Promise<PullOnCommit[]> => {
  const { facts, decision, ref, ...common } = options;
  if (!decision.check || !facts.pullsAtHead?.length) return [];
  const siblings = await Promise.all(
    facts.pullsAtHead.map((number) => readAndEvaluate({ ...common, ref: { ...ref, number } })),
  );
  return siblings
    .filter((sibling) => sibling.facts.state === 'open' && sibling.facts.headSha === facts.headSha)
    .map((sibling) => ({ number: sibling.facts.number, decision: sibling.decision }));
};

const logOutcome = (
  log: Pick<UseCaseLog, 'info'>,
  options: { ref: ChangeRef; decision: Decision; report: ApplyReport },
): void => {
  const { ref, decision, report } = options;
  log.info(
    {
      change: decision.changeId,
      status: decision.status,
      check: report.check,
      labels: report.labels,
      entries: report.entries,
      deleted: report.deleted,
    },
    `${ref.owner}/${ref.repo}#${ref.number}: ${decision.headline}`,
  );
};
