import type { ApprovalOutcome } from '../core/approval/approval-outcome.ts';
import type { ChangeStatus } from '../core/decision/change-status.ts';
import { evaluateChange } from '../core/decision/evaluate-change.ts';
import { recordedState } from '../core/decision/recorded-state.ts';
import { appendEntry } from '../core/history/append-entry.ts';
import type { DraftEntry } from '../core/history/draft-entry.ts';
import { repositoryBinding } from '../core/history/repository-binding.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import { applyDecision } from './apply-decision.ts';
import { changeLockKey } from './change-lock-key.ts';
import { policyOfConfig } from './policy-of-config.ts';
import { type EvaluatedChange, readAndEvaluate } from './read-and-evaluate.ts';
import { reconcileChange } from './reconcile-change.ts';
import { recordEntry } from './record-entry.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

export type VoteRefusal = {
  ok: false;
  reason: 'not_found' | 'not_allowed' | 'invalid_transition';
  /** The rule that refused: `author`, `requester`, `not_a_holder`, … (the approval engine's reasons). */
  rule: string;
  message: string;
};

export type VoteResult =
  | {
      ok: true;
      changeId: string;
      status: ChangeStatus | null;
      at: string;
      /** Required roles the voter holds: the only ones the vote can count for. */
      roles: string[];
      missingRoles: string[];
      conditions: string[];
    }
  | VoteRefusal;

/** Statuses in which a vote is taken: the change waits for approval, or was approved or rejected and may be again. */
const VOTABLE: ReadonlySet<ChangeStatus> = new Set(['pending_approval', 'approved', 'rejected']);
/** Reasons the approval engine gives for a vote that can never count: the caller is refused before anything is written. */
const REFUSED = new Set(['author', 'excluded', 'not_a_holder', 'team_unreadable']);

/**
 * An approval (or a rejection) through the REST API, by `voter`, under the change's lock:
 * 1. read and evaluate the change (entries the evaluation owes are written first), which must be valid and
 *    waiting for (or past) approval;
 * 2. the vote as a signed `voted` entry, bound to the current head commit and block hash, is first tried in
 *    the same pure evaluation: when the approval engine would not count it (the author or requester, a
 *    person excluded by separation of duties, someone holding none of the required roles) nothing is written
 *    and the rule is returned;
 * 3. otherwise it is recorded, and the change reconciled: the engine counts it like a review, for the roles
 *    the voter holds, while the head and block stay as they were.
 */
export const voteOnChange = async (options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  log: Pick<UseCaseLog, 'info'>;
  ref: ChangeRef;
  voter: string;
  approved: boolean;
  comments: string;
  conditions: string[];
}): Promise<VoteResult> => {
  const { deps, port, ref, voter } = options;
  const checked = await deps.lock.run(changeLockKey(ref), async (): Promise<VoteResult | null> => {
    const [read, config, app] = await Promise.all([
      port.readChange(ref),
      port.readConfig(ref),
      deps.identity(),
    ]);
    const policy = policyOfConfig(config);
    const now = deps.now();
    const evaluate = (facts?: typeof read) =>
      readAndEvaluate({ deps, port, ref, policy, app, actor: voter, now, ...(facts ? { facts } : {}) });
    let evaluated = await evaluate(read);
    if (evaluated.decision.history.length > 0) {
      await applyDecision({
        port,
        ref,
        facts: evaluated.facts,
        decision: evaluated.decision,
        entries: evaluated.history.entries,
        signer: deps.keys.signer,
        app,
        now: () => now,
        notify: { queue: deps.notifications, policy },
      });
      evaluated = await evaluate();
    }
    const { decision } = evaluated;
    if (decision.changeId === null || decision.status === null) {
      return refusal(
        'not_found',
        'change_request',
        `${ref.owner}/${ref.repo}#${ref.number} is not a change request`,
      );
    }
    if (!VOTABLE.has(decision.status)) {
      return refusal(
        'invalid_transition',
        'votable_status',
        `${decision.changeId} is ${decision.status.replace('_', ' ')}: only a valid change waiting for (or given) approval takes approvals`,
      );
    }
    const blockHash = recordedState(evaluated.history.entries).blockHash ?? null;
    const draft: DraftEntry = {
      event: 'voted',
      change_id: decision.changeId,
      actor: voter,
      head_sha: evaluated.facts.headSha,
      block_hash: blockHash,
      data: {
        ...repositoryBinding({ ...ref, repositoryId: evaluated.facts.repositoryId }),
        number: ref.number,
        via: 'api',
        approved: options.approved,
        ...(options.comments.trim() ? { comments: options.comments } : {}),
        ...(options.conditions.length > 0 ? { conditions: options.conditions } : {}),
      },
    };
    const tried = tryVote({ evaluated, draft, policy, app, voter, now });
    const ignored = tried?.ignored.find(
      (item) =>
        item.via === 'api' && item.login.toLowerCase() === voter.toLowerCase() && REFUSED.has(item.reason),
    );
    if (ignored) return refusal('not_allowed', ignored.reason, ignored.detail);
    await recordEntry({ deps, port, ref, app, facts: evaluated.facts, now, draft: () => draft });
    return null;
  });
  if (checked !== null) return checked;
  const at = deps.now().toISOString();
  const decision = await reconcileChange({ deps, port, log: options.log, ref, actor: voter });
  const approval = decision.approval;
  const held = heldRoles(approval, voter);
  options.log.info(
    `${ref.owner}/${ref.repo}#${ref.number}: @${voter} ${options.approved ? 'approved' : 'rejected'} through the REST API`,
  );
  return {
    ok: true,
    changeId: decision.changeId ?? '',
    status: decision.status,
    at,
    roles: held,
    missingRoles: (approval?.roles ?? []).filter((role) => role.missing > 0).map((role) => role.role),
    conditions: options.approved ? options.conditions : [],
  };
};

const refusal = (reason: VoteRefusal['reason'], rule: string, message: string): VoteRefusal => ({
  ok: false,
  reason,
  rule,
  message,
});

/** The evaluation as it would be with the vote recorded (pure): what the approval engine makes of it. */
const tryVote = (options: {
  evaluated: EvaluatedChange;
  draft: DraftEntry;
  policy: ReturnType<typeof policyOfConfig>;
  app: { id: number; botLogin: string };
  voter: string;
  now: Date;
}): ApprovalOutcome | null => {
  const { evaluated } = options;
  const entries = evaluated.history.entries;
  const entry = appendEntry({ history: entries, draft: options.draft, at: options.now });
  const trial = {
    commentId: Number.MAX_SAFE_INTEGER,
    entry,
    signed: { entry, signature: '', key_id: '' },
    hash: '',
  };
  return evaluateChange({
    facts: evaluated.facts,
    policy: options.policy,
    history: { ...evaluated.history, entries: [...entries, trial] },
    app: options.app,
    actor: options.voter,
    now: options.now,
  }).approval;
};

/** The required roles whose holders include the voter, by the approval table the evaluation shows. */
const heldRoles = (approval: ApprovalOutcome | null, voter: string): string[] =>
  (approval?.roles ?? [])
    .filter((role) => role.approvedBy.some((counted) => counted.login.toLowerCase() === voter.toLowerCase()))
    .map((role) => role.role);
