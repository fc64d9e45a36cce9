import type { ChangeFacts } from '../core/decision/change-facts.ts';
import { LABEL_STYLES } from '../core/decision/change-status.ts';
import type { CheckRunPlan } from '../core/decision/check-run-plan.ts';
import type { Decision } from '../core/decision/decision.ts';
import { STATUS_COMMENT_MARKER } from '../core/decision/evaluation-context.ts';
import { appendEntry } from '../core/history/append-entry.ts';
import type { HistorySigner } from '../core/history/create-signer.ts';
import { describeEntry } from '../core/history/describe-entry.ts';
import { entryHash } from '../core/history/entry-hash.ts';
import { renderHistoryComment } from '../core/history/render-history-comment.ts';
import type { VerifiedEntry } from '../core/history/verified-entry.ts';
import { sha256Hex } from '../core/text/sha256.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';

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
}

/** What one apply wrote, for logs and tests. */
export interface ApplyReport {
  check: 'created' | 'updated' | 'unchanged' | 'none';
  labels: boolean;
  entries: number;
  statusComment: 'created' | 'updated' | 'unchanged' | 'none';
  deleted: number;
}

/**
 * Makes GitHub show the decision, writing only what differs (DESIGN: plan, then apply):
 * 1. the check run first — it is what people, branch protection and deploy gates look at;
 * 2. labels in one call;
 * 3. history entries, each one signed comment chained onto the last;
 * 4. the issue status comment, edited in place;
 * 5. comments holding duplicate history entries (lost races) are deleted.
 * Applying the same decision twice writes nothing the second time.
 */
export const applyDecision = async (options: ApplyDecisionOptions): Promise<ApplyReport> => {
  const { port, ref, decision } = options;
  const repo = { owner: ref.owner, repo: ref.repo };
  const report: ApplyReport = { check: 'none', labels: false, entries: 0, statusComment: 'none', deleted: 0 };

  if (decision.check) report.check = await writeCheck(options, decision.check);

  if (decision.labels) {
    const labels = await port.setLabels(ref, decision.labels);
    report.labels = true;
    // A label added by name is created with GitHub's default grey; give ours their colour once.
    for (const label of labels) {
      const style = LABEL_STYLES[label.name];
      if (style && label.color.toLowerCase() === 'ededed')
        await port.updateLabel(repo, { name: label.name, ...style });
    }
  }

  const history = [...options.entries];
  for (const draft of decision.history) {
    const entry = appendEntry({ history, draft, at: options.now() });
    const signed = options.signer.sign(entry);
    const { id } = await port.createComment(
      ref,
      renderHistoryComment({ signed, sentence: describeEntry(entry) }),
    );
    history.push({ commentId: id, entry, signed, hash: entryHash(signed) });
    report.entries++;
  }

  if (decision.statusComment !== null) {
    const existing = options.facts.comments.find(
      (comment) =>
        comment.author.toLowerCase() === options.app.botLogin.toLowerCase() &&
        comment.authorIsBot &&
        comment.body.startsWith(STATUS_COMMENT_MARKER),
    );
    if (!existing) {
      await port.createComment(ref, decision.statusComment);
      report.statusComment = 'created';
    } else if (existing.body !== decision.statusComment) {
      await port.updateComment(repo, existing.id, decision.statusComment);
      report.statusComment = 'updated';
    } else {
      report.statusComment = 'unchanged';
    }
  }

  for (const commentId of decision.duplicateComments) {
    await port.deleteComment(repo, commentId);
    report.deleted++;
  }
  return report;
};

/** A digest of everything in the plan, kept in the summary: comparing summaries compares whole outputs. */
const withDigest = (plan: CheckRunPlan): CheckRunPlan => {
  const digest = sha256Hex(
    JSON.stringify([plan.status, plan.conclusion, plan.title, plan.summary, plan.text, plan.externalId]),
  ).slice(0, 16);
  return { ...plan, summary: `${plan.summary}\n\n<!-- change-gate:digest ${digest} -->` };
};

const writeCheck = async (
  options: ApplyDecisionOptions,
  desired: CheckRunPlan,
): Promise<ApplyReport['check']> => {
  const plan = withDigest(desired);
  const repo = { owner: options.ref.owner, repo: options.ref.repo };
  const ours = options.facts.checkRuns
    .filter((run) => run.appId === options.app.id && run.name === plan.name && run.headSha === plan.headSha)
    .sort((a, b) => b.id - a.id)[0];
  if (!ours) {
    await options.port.createCheckRun(repo, plan);
    return 'created';
  }
  const same =
    ours.status === plan.status &&
    (ours.conclusion ?? null) === plan.conclusion &&
    ours.outputTitle === plan.title &&
    ours.outputSummary === plan.summary;
  if (same) return 'unchanged';
  // A completed run cannot be moved back to in progress; a new run on the same commit supersedes it.
  if (ours.status === 'completed' && plan.status !== 'completed') {
    await options.port.createCheckRun(repo, plan);
    return 'created';
  }
  await options.port.updateCheckRun(repo, ours.id, plan);
  return 'updated';
};
