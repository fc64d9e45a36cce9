import type { ChangeFacts } from '../core/decision/change-facts.ts';
import type { CheckRunPlan } from '../core/decision/check-run-plan.ts';
import type { Decision } from '../core/decision/decision.ts';
import { readDueMarker, withDueMarker } from '../core/decision/due-marker.ts';
import type { HistorySigner } from '../core/history/create-signer.ts';
import type { HistoryEntry } from '../core/history/history-entry.ts';
import type { VerifiedEntry } from '../core/history/verified-entry.ts';
import type { PolicyLoad } from '../core/policy/load-policy.ts';
import type { AfterEntriesWrites, ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import { applyStatusComment, type CommentOutcome, stepsCommentWrite } from './apply-comments.ts';
import { headOf, withHead } from './chain-head-placement.ts';
import type { NotificationQueue } from './notification-queue.ts';
import { notifyWritten } from './notify-written.ts';
import { RENOTIFY_WINDOW_MS } from './renotify-window.ts';
import { type PreparedEntries, placeEntries, postEntries, prepareEntries } from './signed-entries.ts';
import { checkRunStep, type WrittenCheckRun, withDigest, writeCheckRun } from './write-check-run.ts';

export interface ApplyDecisionOptions {
  port: GitHubPort;
  ref: ChangeRef;
  facts: ChangeFacts;
  decision: Decision;
  /** Verified history the decision was taken on; new entries chain onto it. */
  entries: readonly VerifiedEntry[];
  signer: HistorySigner;
  app: { id: number; botLogin: string };
  now: () => Date;
  /** Where the entries this apply writes are told (notifyWritten); absent = nobody is told. */
  notify?: { queue: NotificationQueue | undefined; policy: PolicyLoad };
  /**
   * A new run of ours to create after everything else (a deployment's voucher, on the deployed commit): with
   * the writes after the entries when the port sends them in one request, else on its own, last.
   */
  create?: CheckRunPlan;
}

/** What one apply wrote, for logs and tests. */
export interface ApplyReport {
  check: 'created' | 'updated' | 'unchanged' | 'none';
  labels: boolean;
  entries: number;
  statusComment: CommentOutcome;
  stepsComment: CommentOutcome;
  deleted: number;
  /** The entries this apply signed and wrote, in order: what notifications tell. */
  written: HistoryEntry[];
}

/**
 * Makes GitHub show the decision, writing only what differs (DESIGN: plan, then apply):
 * 1. a check that does not pass first (people and branch protection see it at once; due now while entries are
 *    owed, so a sweep retries a failed entry write), then labels (when the port cannot send the writes
 *    after the entries together: else they go in 4.). The check is left out when entries
 *    are owed and GitHub already shows both guarantees (earlyCheckNeedless: no run of ours on the head, or one
 *    that does not pass and is due): it is then written once, after the entries;
 * 2. history entries, each signed and chained onto the last, all in one comment (as few as fit): in one
 *    request with the check of step 1 when the port can (writeCheckThenEntries: that check first, and it
 *    never passes), else alone;
 * 3. a passing check only now (a new run is created at once): a failure to write history never leaves a
 *    success behind; a check written in step 1 is brought up to date when entries were written (the head);
 * 4. after the entries, in this order: the check's update, the labels, (for issues, the status comment, by
 *    REST), the implementation-steps comment edited or posted (rendered from the entries). The port sends the
 *    check, labels and steps comment in ONE request when it can (writeAfterEntries: a GraphQL document, run
 *    in order); never with an entry, so no failure there leaves a passing check or a label without its entry;
 *    a request failed in whole or in part fails the apply, whose retry reads again (nothing written twice);
 *    a new run given (`create`: a deployment's voucher) comes last, in that request when the port sends one;
 * 5. the entries written are notified, with recent ones again (recentEntries: claims keep it to one each);
 * 6. comments holding duplicate history entries (lost races) are deleted, last.
 * The newest entry's hash and the entry count go where only the app writes: our check run's summary, and
 * for issues (no check run) the status comment, with the due marker the sweep reads; chainHeadOf reads it
 * back, so deleting the newest entries, which leaves no gap in the chain, is detected. Applying the same decision twice writes nothing the second time.
 */
export const applyDecision = async (options: ApplyDecisionOptions): Promise<ApplyReport> => {
  const { decision } = options;
  const report: ApplyReport = {
    check: 'none',
    labels: false,
    entries: 0,
    statusComment: 'none',
    stepsComment: 'none',
    deleted: 0,
    written: [],
  };
  const history = [...options.entries];
  const passing = PASSING.has(decision.check?.conclusion ?? '');

  // The writes after the entries go in one request when the port can (4.): collected here, sent once.
  const batching = options.port.writeAfterEntries !== undefined;
  const after: AfterEntriesWrites = {};
  let early: { written: WrittenCheckRun; plan: CheckRunPlan } | null = null;
  // Signed once, chained onto the history read: written with the early check, or on their own (2.).
  const prepared =
    decision.history.length > 0
      ? prepareEntries({ drafts: decision.history, history, at: options.now(), signer: options.signer })
      : null;
  let entriesSent = false;
  if (decision.check && !passing && !(decision.history.length > 0 && earlyCheckNeedless(options))) {
    // While entries are still owed, the check says the change is due now: if writing them fails, the next
    // sweep picks the change up (a sweep only reads changes whose check is missing, stale or due).
    const owing =
      decision.history.length > 0
        ? { ...decision.check, summary: withDueMarker(decision.check.summary, options.now().toISOString()) }
        : decision.check;
    const plan = withHead(options.ref, owing, headOf(history));
    // With entries owed, the check and the entries go in one request when the port can (1. and 2.).
    const together =
      batching && prepared ? await writeCheckThenEntries(options, plan, prepared, history) : null;
    early = { written: together ?? (await writeCheck(options, plan)), plan };
    report.check = early.written.outcome;
    if (together && prepared) {
      report.entries = prepared.pending.length;
      entriesSent = true;
    }
  }
  // Labels that do not follow a passing check go before the entries, unless the port sends the writes after
  // them in one request: they then go there, after the entries they may tell of (with none owed, right
  // after the check, with the steps comment).
  const labelsLater = passing || batching;
  if (!labelsLater) report.labels = await applyLabels(options);
  if (!entriesSent && prepared)
    report.entries = await postEntries({ port: options.port, ref: options.ref, prepared, history });
  report.written = history.slice(options.entries.length).map((verified) => verified.entry);
  if (decision.check && !early) {
    // A passing check, or one left out of step 1: written once, now that the entries are. An update of our
    // run goes with the writes after the entries when the port can; a new run is created at once (3.).
    const plan = withHead(options.ref, decision.check, headOf(history));
    const defer = batching
      ? async (id: number, run: CheckRunPlan) => {
          after.check = { id, run };
        }
      : undefined;
    report.check = (await writeCheck(options, plan, defer)).outcome;
  } else if (decision.check && early && report.entries > 0) {
    const plan = withDigest(withHead(options.ref, decision.check, headOf(history)));
    if (batching) after.check = { id: early.written.id, run: plan };
    else await options.port.updateCheckRun(repoOf(options), early.written.id, plan);
  }
  if (labelsLater && decision.labels) {
    if (batching) after.labels = decision.labels;
    else report.labels = await applyLabels(options);
  }
  // Issues have a status comment (and no check run); it goes before the steps comment, by REST.
  const stepsInBatch = batching && decision.statusComment === null;
  if (!stepsInBatch) await sendAfterEntries(options, after, report);
  report.statusComment = await applyStatusComment(options, headOf(history));
  const steps = stepsCommentWrite(options);
  report.stepsComment = steps.outcome;
  if (steps.write && stepsInBatch) after.comment = steps.write;
  else if (steps.write && 'id' in steps.write) {
    await options.port.updateComment(repoOf(options), steps.write.id, steps.write.body);
  } else if (steps.write) await options.port.createComment(options.ref, steps.write.body);
  if (options.create && stepsInBatch) after.create = options.create;
  else if (options.create) await options.port.createCheckRun(repoOf(options), options.create);
  if (stepsInBatch) await sendAfterEntries(options, after, report);
  if (options.notify) {
    notifyWritten({
      ...options.notify,
      facts: options.facts,
      decision,
      history: options.entries,
      written: [...recentEntries(options), ...report.written],
    });
  }
  // Cleanup last: a failed delete must not cost the notification of an entry written above (a retry finds
  // the entry written and notifies nothing).
  for (const commentId of decision.duplicateComments) {
    await options.port.deleteComment(repoOf(options), commentId);
    report.deleted++;
  }
  return report;
};

/** Whether an apply changed anything on GitHub. */
export const wroteAnything = (report: ApplyReport): boolean =>
  report.check === 'created' ||
  report.check === 'updated' ||
  report.labels ||
  report.entries > 0 ||
  report.deleted > 0 ||
  WRITTEN.has(report.statusComment) ||
  WRITTEN.has(report.stepsComment);

const WRITTEN: ReadonlySet<string> = new Set(['created', 'updated']);

/** What branch protection counts as a passing check run. */
const PASSING: ReadonlySet<string> = new Set(['success', 'neutral', 'skipped']);

/**
 * Whether the non-passing check before the entries can be left out, saving a write: only when what GitHub
 * shows already gives both of its guarantees should the entries' write fail. Nothing passing: our run on this
 * head is missing or does not pass. The sweep retrying: it reads a change whose run is missing, or whose due
 * marker is due (or absent). Else (a passing run, or one due later: "Not a change request", a pending
 * approval whose escalation is hours away) the early check is written as before.
 */
const earlyCheckNeedless = (options: ApplyDecisionOptions): boolean => {
  const plan = options.decision.check;
  if (!plan) return false;
  const ours = ourCheckRun(options, plan);
  if (ours === undefined) return true;
  if (ours.status === 'completed' && PASSING.has(ours.conclusion ?? '')) return false;
  const marker = readDueMarker(ours.outputSummary);
  return marker === null || (marker.due !== null && Date.parse(marker.due) <= options.now().getTime());
};

/**
 * Entries already in the history that were written in the last RENOTIFY_WINDOW_MS. An attempt that wrote an
 * entry and then failed (GitHub answered 502 after writing it, or a later write failed) never told anyone,
 * and its retry finds the entry written: offering recent entries again lets the retry (or the next event)
 * notify them. The queue claims each delivery by the entry's key first, so one already sent is not sent
 * again (unless the claims were lost: a restart without Redis, or Redis down, may send one twice).
 */
const recentEntries = (options: ApplyDecisionOptions): HistoryEntry[] => {
  const since = options.now().getTime() - RENOTIFY_WINDOW_MS;
  return options.entries.map((verified) => verified.entry).filter((entry) => Date.parse(entry.at) >= since);
};

const repoOf = (options: ApplyDecisionOptions) => ({ owner: options.ref.owner, repo: options.ref.repo });

const writeCheck = (
  options: ApplyDecisionOptions,
  plan: CheckRunPlan,
  update?: (id: number, plan: CheckRunPlan) => Promise<void>,
): Promise<WrittenCheckRun> =>
  writeCheckRun({
    port: options.port,
    repo: repoOf(options),
    plan,
    ...(update ? { update } : {}),
    ours: ourCheckRun(options, plan),
  });

/** Our newest run of the plan's check on its head commit, as read with the facts. */
const ourCheckRun = (options: ApplyDecisionOptions, plan: CheckRunPlan) =>
  options.facts.checkRuns
    .filter((run) => run.appId === options.app.id && run.name === plan.name && run.headSha === plan.headSha)
    .sort((a, b) => b.id - a.id)[0];

/**
 * Labels in one call. A label the repository lacks is created by GitHub, grey; its colour is given once per
 * repository when the app is installed there (or by `change-gate labels`), never per change.
 */
const applyLabels = async (options: ApplyDecisionOptions): Promise<boolean> => {
  const { port, ref, decision } = options;
  if (!decision.labels) return false;
  await port.setLabels(ref, decision.labels);
  return true;
};

/**
 * The writes collected after the entries (the check, labels, the steps comment, a new run), sent in that order
 * in one request when the port can (writeAfterEntries), then emptied. The entries are written by then: a failed or
 * partly failed request never leaves a passing check, or a label, without them; it fails the apply, whose
 * retry reads again first (a steps comment already posted is then found by its marker: never posted twice).
 */
const sendAfterEntries = async (
  options: ApplyDecisionOptions,
  after: AfterEntriesWrites,
  report: ApplyReport,
): Promise<void> => {
  const writes = { ...after };
  // Collected writes leave `after` as they are sent: whatever it holds (a write the port knows of), not a list.
  for (const key of Object.keys(after) as Array<keyof AfterEntriesWrites>) delete after[key];
  if (Object.values(writes).every((write) => write === undefined)) return;
  await options.port.writeAfterEntries?.(options.ref, writes);
  if (writes.labels) report.labels = true;
};

/**
 * The check of step 1 and the entries of step 2 in one request (GitHubPort.writeCheckThenEntries: the check
 * first, never a passing one), when the port can and the check needs writing: the run written, and the entries
 * placed in `history`. Null, nothing written, for the caller to write the check and then the entries: a port
 * without it, a check already as planned, ids the port lacks (an issue), or entries that take more than one
 * comment: GitHub runs a document's later mutations after one that failed, so a failed first comment next to
 * a posted second would leave a gap in the chain (read as deleted history), where comments posted one by one
 * stop at the first failure.
 */
const writeCheckThenEntries = async (
  options: ApplyDecisionOptions,
  plan: CheckRunPlan,
  prepared: PreparedEntries,
  history: VerifiedEntry[],
): Promise<WrittenCheckRun | null> => {
  if (!options.port.writeCheckThenEntries || prepared.comments.length !== 1) return null;
  const run = withDigest(plan);
  const step = checkRunStep(run, ourCheckRun(options, plan));
  if (step.outcome === 'unchanged') return null;
  const answer = await options.port.writeCheckThenEntries(options.ref, {
    check: { id: step.outcome === 'updated' ? step.id : null, run },
    entries: prepared.comments.map(({ body }) => body),
  });
  if (!answer) return null;
  placeEntries(prepared, answer.commentIds, history);
  return { outcome: step.outcome, id: answer.checkId };
};
