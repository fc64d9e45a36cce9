import type { ChangeFacts } from '../core/decision/change-facts.ts';
import type { ChangeStatus } from '../core/decision/change-status.ts';
import { decideLifecycleMove } from '../core/lifecycle/decide-lifecycle-move.ts';
import type { LifecycleMove } from '../core/lifecycle/lifecycle-command.ts';
import type { LifecycleMoveSource, MoveRefusal } from '../core/lifecycle/lifecycle-move-source.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import type { PermissionPort } from '../github/ports/permission-port.ts';
import { applyDecision, wroteAnything } from './apply-decision.ts';
import { changeLockKey } from './change-lock-key.ts';
import { policyOfConfig } from './policy-of-config.ts';
import { type EvaluatedChange, readAndEvaluate } from './read-and-evaluate.ts';
import { reconcileAgain } from './reconcile-change.ts';
import { runWithHold } from './run-with-hold.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

/** What implementChange and completeChange take besides the move. */
export interface MoveChangeOptions {
  deps: UseCaseDeps;
  port: GitHubPort;
  permissions: PermissionPort;
  log: Pick<UseCaseLog, 'info'>;
  ref: ChangeRef;
  /** Who asks: the actor of the entry, whose write access is checked. */
  actor: string;
  /** Free text recorded with the move (capped by the door that read it). */
  note: string;
  source: LifecycleMoveSource;
  /** Runs under the change's lock when the move is refused, with the change as read (a door's answer). */
  onRefusal?: (refusal: MoveRefusal, facts: ChangeFacts) => Promise<void>;
}

/** A move's outcome, for any door: a comment reply, a REST answer. */
export type MoveChangeResult =
  | {
      ok: true;
      changeId: string;
      status: ChangeStatus;
      /** ISO time the move was recorded (`implementation_started`, `completed_at`). */
      at: string;
      /** The procedure's `next_review` (YYYY-MM-DD) of a completed change; null otherwise. */
      nextReview: string | null;
      /** True when this very request was recorded before (a redelivered webhook): nothing was written. */
      repeated: boolean;
    }
  | ({ ok: false; changeId: string | null; status: ChangeStatus | null } & MoveRefusal);

/**
 * Moves one change by a person's request, under the change's lock:
 * 1. read the change, the config, and the actor's permission on the repository;
 * 2. evaluate it as a reconcile would (pending entries, e.g. a missed approval, are written first, so the
 *    move is judged on where the change really stands);
 * 3. decideLifecycleMove (pure): refused with a reason class, a repeat, or one entry with labels and status;
 * 4. apply the writes, and notify the config's recipients of the entry written.
 */
export const moveChange = async (
  options: MoveChangeOptions & { move: LifecycleMove },
): Promise<MoveChangeResult> => {
  const { deps, port, ref, actor } = options;
  let wrote = false;
  const moved = await runWithHold(deps.lock, changeLockKey(ref), async (): Promise<MoveChangeResult> => {
    const [read, config, app, permission] = await Promise.all([
      port.readChange(ref),
      port.readConfig(ref),
      deps.identity(),
      options.permissions.repositoryPermission(ref, actor),
    ]);
    const policy = policyOfConfig(config);
    const now = deps.now();
    const evaluate = (facts?: typeof read) =>
      readAndEvaluate({ deps, port, ref, policy, app, actor, now, ...(facts ? { facts } : {}) });
    // As reconcileChange does: entries carry the evaluation's time; the recipients hear of each one written.
    const apply = async (evaluated: EvaluatedChange, decision = evaluated.decision) => {
      const report = await applyDecision({
        port,
        ref,
        facts: evaluated.facts,
        decision,
        entries: evaluated.history.entries,
        signer: deps.keys.signer,
        app,
        now: () => now,
        notify: { queue: deps.notifications, policy },
      });
      if (wroteAnything(report)) wrote = true;
    };
    let evaluated = await evaluate(read);
    if (evaluated.decision.history.length > 0) {
      await apply(evaluated);
      evaluated = await evaluate();
    }
    const plan = decideLifecycleMove({
      facts: evaluated.facts,
      policy,
      evaluated: {
        changeId: evaluated.decision.changeId,
        status: evaluated.decision.status,
        goAhead: evaluated.decision.goAhead === true,
      },
      entries: evaluated.history.entries,
      move: options.move,
      note: options.note,
      actor,
      permission,
      source: options.source,
      now,
    });
    const where = `${ref.owner}/${ref.repo}#${ref.number}`;
    if (plan.kind === 'refused') {
      options.log.info(
        `${where}: @${actor} asked to ${describe(options.move)}: refused (${plan.refusal.reason}): ${plan.refusal.message}`,
      );
      await options.onRefusal?.(plan.refusal, evaluated.facts);
      return { ok: false, changeId: evaluated.decision.changeId, status: plan.status, ...plan.refusal };
    }
    if (plan.kind === 'already_recorded') {
      options.log.info(`${where}: ${describe(options.move)} by @${actor} is already recorded`);
      return {
        ok: true,
        changeId: plan.changeId,
        status: plan.status,
        at: plan.entry.at,
        nextReview: reviewOf(plan.entry.data),
        repeated: true,
      };
    }
    await apply(evaluated, plan.decision);
    options.log.info(`${where}: ${plan.decision.headline}`);
    return {
      ok: true,
      changeId: plan.changeId,
      status: plan.status,
      at: now.toISOString(),
      nextReview: reviewOf(plan.data),
      repeated: false,
    };
  });
  if (wrote && !moved.exclusive) {
    await reconcileAgain({ deps, port, log: options.log, ref, actor }, (why) =>
      options.log.info(
        `${ref.owner}/${ref.repo}#${ref.number}: moved; evaluating it again failed (${why}): left to its next event`,
      ),
    );
  }
  return moved.value;
};

const describe = (move: LifecycleMove): string =>
  move.kind === 'implement' ? 'start implementing' : `complete (${move.outcome})`;

const reviewOf = (data: Record<string, unknown>): string | null =>
  typeof data.next_review === 'string' ? data.next_review : null;
