import type { HistoryVerifier } from '../history/create-verifier.ts';
import { defaultPolicy } from '../policy/default-policy.ts';
import { loadPolicy } from '../policy/load-policy.ts';
import type { Policy } from '../policy/policy.ts';
import { auditChangeOf, factsOf } from './audit-change-of.ts';
import type { AuditChange, AuditExport } from './audit-export.ts';
import { auditExportProblems } from './audit-export-problems.ts';
import { auditSummaryOf } from './audit-summary-of.ts';
import { controlIndex } from './control-index.ts';
import { firstDifference } from './first-difference.ts';
import { repositoryIdFindings } from './repository-id-findings.ts';

/** Something in the export that does not verify (or, as a notice, is worth a look): where, and why. */
export interface AuditFinding {
  /** `CHG-2026-003 (acme/shop#3)`; null for the export as a whole. */
  change: string | null;
  /** `comment 1234 (approved)`; null when no entry is concerned. */
  entry: string | null;
  /** JSON pointer into the export. */
  pointer: string;
  why: string;
}

export interface AuditVerification {
  /** True only when there is no finding. */
  ok: boolean;
  findings: AuditFinding[];
  /** Edited comments whose signed entry is intact, duplicates, forks: named, never failing. */
  notices: AuditFinding[];
  changes: number;
  verifiedEntries: number;
}

/** The fields of a change derived from its facts: the export's word for them is never taken. */
const DERIVED = [
  'change_id',
  'verdict',
  'findings',
  'status',
  'submitted_at',
  'request',
  'approvals',
  'approved_sha',
  'recorded_deployments',
] as const;

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

const policyOf = (text: string | null, findings: AuditFinding[]): Policy => {
  const loaded = loadPolicy(text);
  if (loaded.status === 'valid') return loaded.policy;
  findings.push({
    change: null,
    entry: null,
    pointer: '/config/text',
    why: `the exported config does not load (${loaded.problems.map((problem) => problem.message).join('; ')}); the exporter refuses such a config, so it was edited`,
  });
  return defaultPolicy();
};

/** A stored value that is not what its facts give: the export was edited after it was written. */
const edited = (options: {
  change: string | null;
  entry: string | null;
  base: string;
  stored: unknown;
  recomputed: unknown;
}): AuditFinding | null => {
  const difference = firstDifference(options.stored, options.recomputed);
  if (difference === null) return null;
  return {
    change: options.change,
    entry: options.entry,
    pointer: `${options.base}${difference.path}`,
    why: `the export says ${show(difference.left)}, but what it was derived from shows ${show(difference.right)}: it was edited after it was written`,
  };
};

const verifyChange = (options: {
  document: AuditExport;
  change: AuditChange;
  index: number;
  policy: Policy;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
}): { findings: AuditFinding[]; notices: AuditFinding[]; recomputed: AuditChange } => {
  const { document, change, index } = options;
  const base = `/changes/${index}`;
  const name = `${change.change_id} (${document.repository}#${change.number})`;
  const findings: AuditFinding[] = [];
  const notices: AuditFinding[] = [];
  if (change.repository.toLowerCase() !== document.repository.toLowerCase())
    findings.push({
      change: name,
      entry: null,
      pointer: `${base}/repository`,
      why: `the change is of ${change.repository}, not of the exported repository ${document.repository}`,
    });
  const { change: recomputed, audited } = auditChangeOf({
    repository: document.repository,
    facts: factsOf(change),
    botLogin: document.bot_login,
    verifiers: options.verifiers,
    policy: options.policy,
  });
  const commentIndex = new Map(recomputed.history.comments.map((comment, at) => [comment.id, at]));
  const entryName = (commentId: number | null): string | null => {
    if (commentId === null) return null;
    const entry = recomputed.history.entries.find((item) => item.comment_id === commentId);
    return `comment ${commentId}${entry?.event ? ` (${entry.event})` : ''}`;
  };
  const commentPointer = (commentId: number | null): string => {
    const at = commentId === null ? undefined : commentIndex.get(commentId);
    const stored = change.history.comments.findIndex((comment) => comment.id === commentId);
    return at === undefined || stored < 0 ? `${base}/history` : `${base}/history/comments/${stored}`;
  };
  for (const problem of recomputed.history.problems) {
    const finding = {
      change: name,
      entry: entryName(problem.comment_id),
      pointer: commentPointer(problem.comment_id),
      why: `${problem.kind}: ${problem.message}`,
    };
    (problem.failing ? findings : notices).push(finding);
  }
  // Findings beyond the history's own: checks on another commit, deployments that disagree with their entries.
  for (const why of recomputed.findings.slice(audited.findings.length))
    findings.push({ change: name, entry: null, pointer: base, why });
  for (const field of DERIVED) {
    const found = edited({
      change: name,
      entry: null,
      base: `${base}/${field}`,
      stored: change[field],
      recomputed: recomputed[field],
    });
    if (found !== null) findings.push(found);
  }
  // Each entry on its own, its verdict first: an entry whose stored verdict is not the recomputed one is named.
  const stored = change.history.entries;
  const entries = recomputed.history.entries;
  for (let at = 0; at < Math.max(stored.length, entries.length); at++) {
    const left = stored[at];
    const right = entries[at];
    const verdictMoved = left !== undefined && right !== undefined && left.verdict !== right.verdict;
    const found = edited({
      change: name,
      entry: entryName((right ?? left)?.comment_id ?? null),
      base: `${base}/history/entries/${at}${verdictMoved ? '/verdict' : ''}`,
      stored: verdictMoved ? left.verdict : left,
      recomputed: verdictMoved ? right.verdict : right,
    });
    if (found !== null) findings.push(found);
  }
  const problems = edited({
    change: name,
    entry: null,
    base: `${base}/history/problems`,
    stored: change.history.problems,
    recomputed: recomputed.history.problems,
  });
  if (problems !== null) findings.push(problems);
  return { findings, notices, recomputed };
};

/**
 * Re-checks an audit export offline with the given public keys only, trusting no verdict it holds: the shape
 * (`schemas/audit-export.schema.json`); for every change, its history recomputed from the exported comments
 * (signatures, key, author, binding to this change and repository, chain), every failing problem named; every
 * derived field (verdicts, findings, status, approvals, request, recorded deployments, totals, control index)
 * derived again and compared with what the export says; a change exported twice; each change's repository id
 * against the entries signed under the repository's name (repositoryIdFindings). `ok` only without finding.
 * It cannot tell a newest entry cut off before the export, or a change left out of it: compare with GitHub
 * (`change-gate history`, `change-gate report`) for those.
 */
export const verifyAuditExport = (options: {
  document: unknown;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
}): AuditVerification => {
  const shape = auditExportProblems(options.document);
  if (shape.length > 0) {
    const findings = shape.map((problem) => ({
      change: null,
      entry: null,
      pointer: problem.path,
      why: `not an audit export as schemas/audit-export.schema.json describes it: ${problem.message}`,
    }));
    return { ok: false, findings, notices: [], changes: 0, verifiedEntries: 0 };
  }
  const document = options.document as AuditExport;
  const findings: AuditFinding[] = [];
  const notices: AuditFinding[] = [];
  const policy = policyOf(document.config.text, findings);
  const seen = new Map<number, number>();
  const recomputed: AuditChange[] = [];
  document.changes.forEach((change, index) => {
    const first = seen.get(change.number);
    if (first !== undefined)
      findings.push({
        change: `${change.change_id} (${document.repository}#${change.number})`,
        entry: null,
        pointer: `/changes/${index}`,
        why: `the change is exported twice (also /changes/${first})`,
      });
    seen.set(change.number, first ?? index);
    const checked = verifyChange({ document, change, index, policy, verifiers: options.verifiers });
    findings.push(...checked.findings);
    notices.push(...checked.notices);
    recomputed.push(checked.recomputed);
  });
  // The recorded repository id is the export's word: trusted only as far as signed entries attest it.
  for (const { index, why } of repositoryIdFindings(document, recomputed)) {
    const change = document.changes[index]!;
    findings.push({
      change: `${change.change_id} (${document.repository}#${change.number})`,
      entry: null,
      pointer: `/changes/${index}/repository_id`,
      why,
    });
  }
  for (const [field, value] of [
    ['summary', auditSummaryOf(recomputed)],
    ['index', controlIndex(recomputed)],
  ] as const) {
    const found = edited({
      change: null,
      entry: null,
      base: `/${field}`,
      stored: document[field],
      recomputed: value,
    });
    if (found !== null) findings.push(found);
  }
  return {
    ok: findings.length === 0,
    findings,
    notices,
    changes: document.changes.length,
    verifiedEntries: recomputed.reduce(
      (total, change) =>
        total + change.history.entries.filter((entry) => entry.verdict === 'verified').length,
      0,
    ),
  };
};
