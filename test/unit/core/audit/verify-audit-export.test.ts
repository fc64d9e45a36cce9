import { describe, expect, it } from 'vitest';
import { auditCommentOf } from '../../../../src/core/audit/audit-comment-of.ts';
import { auditExportProblems } from '../../../../src/core/audit/audit-export-problems.ts';
import { verifyAuditExport } from '../../../../src/core/audit/verify-audit-export.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import {
  appSigner,
  comment,
  draft,
  editPayload,
  otherSigner,
  SHA_A,
} from '../../history/history-fixtures.ts';
import { approvedLifecycle, copy, exportOf, factsOf, writeChain } from './audit-fixtures.ts';

const keys = [appSigner];
const verify = (document: unknown, verifiers = keys) => verifyAuditExport({ document, verifiers });

const cleanExport = () => exportOf([factsOf(writeChain(approvedLifecycle()).map((w) => w.comment))]);

describe('audit export of a clean change', () => {
  it('matches its schema, verifies, and shows approvals, checks and deployments', () => {
    const document = cleanExport();
    expect(auditExportProblems(document)).toEqual([]);
    const [change] = document.changes;
    expect(change).toMatchObject({
      change_id: 'CHG-2026-012',
      verdict: 'verified',
      findings: [],
      status: 'completed',
      approved_sha: SHA_A,
    });
    expect(change!.approvals).toEqual([
      expect.objectContaining({
        login: 'carol',
        role: 'change-manager',
        holders: { teams: ['change-manager'], users: [] },
        event: 'approved',
        head_sha: SHA_A,
        conditions: ['staging first'],
      }),
    ]);
    expect(change!.history.entries.map((entry) => [entry.event, entry.verdict, entry.chain])).toEqual([
      ['submitted', 'verified', 'linked'],
      ['approved', 'verified', 'linked'],
      ['implementing', 'verified', 'linked'],
      ['completed', 'verified', 'linked'],
    ]);
    expect(change!.recorded_deployments.map((item) => [item.event, item.deployment_id])).toEqual([
      ['implementing', 7],
      ['completed', 7],
    ]);
    expect(change!.request).toMatchObject({ parse: 'valid', fields: { title: 'Implement MFA' } });
    expect(verify(document)).toMatchObject({ ok: true, findings: [], changes: 1, verifiedEntries: 4 });
  });

  it('indexes the evidence under SOC 2 CC8.1 and ISO/IEC 27001:2022 A.8.32, with where it is', () => {
    const [soc2, iso] = cleanExport().index;
    expect(soc2).toMatchObject({ control: 'CC8.1', also_known_as: [expect.stringContaining('CC7')] });
    expect(iso).toMatchObject({
      control: 'A.8.32',
      also_known_as: [expect.stringContaining('A.12.1.2'), expect.stringContaining('A.12.1 ')],
    });
    const approval = soc2!.evidence.find((item) => item.where.includes('/changes/*/approvals'));
    expect(approval).toMatchObject({ applicable: 1, shown: 1, not_shown: [] });
    const testing = iso!.evidence.find((item) => item.where.includes('/changes/*/checks'));
    expect(testing).toMatchObject({ applicable: 1, shown: 1 });
    // The recorded block hash (BLOCK_1) is not the block's: the request is flagged for follow-up.
    const request = iso!.evidence.find((item) => item.where.includes('/changes/*/request'));
    expect(request).toMatchObject({ shown: 0, not_shown: ['CHG-2026-012'] });
  });

  it('names a change whose approval was recorded after its deployment', () => {
    const drafts = approvedLifecycle();
    const late = exportOf([factsOf(writeChain([drafts[0]!, drafts[2]!, drafts[1]!]).map((w) => w.comment))]);
    const approval = late.index[0]!.evidence.find((item) => item.where.includes('/changes/*/approvals'));
    expect(approval).toMatchObject({ applicable: 1, shown: 0, not_shown: ['CHG-2026-012'] });
  });
});

describe('audit verify catches an export edited after the fact', () => {
  it("an entry's field changed in its comment: tampered, naming the change and the comment", () => {
    const document = copy(cleanExport());
    const approval = document.changes[0]!.history.comments[1]!;
    approval.body = editPayload(approval.body, (json) => json.replace('"carol"', '"mallory"'));
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        change: 'CHG-2026-012 (acme/payments#12)',
        entry: `comment ${approval.id} (approved)`,
        pointer: '/changes/0/history/comments/1',
        why: expect.stringMatching(/^tampered: .*does not match its signature/),
      }),
    );
  });

  it('an entry removed from the middle: the chain is missing an entry', () => {
    const document = copy(cleanExport());
    document.changes[0]!.history.comments.splice(1, 1);
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => finding.why)).toContainEqual(
      expect.stringMatching(/^broken_chain:missing: history is missing an entry/),
    );
  });

  it('an entry copied from another change or repository: foreign', () => {
    const other = writeChain([
      draft({ data: { repository: 'acme/other', number: 12 } }),
      draft({ event: 'approved', actor: 'carol', data: { repository: 'acme/other', number: 12 } }),
    ]);
    const document = copy(cleanExport());
    document.changes[0]!.history.comments.push(auditCommentOf({ ...other[1]!.comment, id: 99_999 }));
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        entry: 'comment 99999 (approved)',
        why: expect.stringMatching(/^foreign: .*acme\/other#12/),
      }),
    );
  });

  it('an entry signed by a key not given: unknown_key', () => {
    const written = writeChain(approvedLifecycle(), otherSigner);
    const document = exportOf([factsOf(written.map((w) => w.comment))], { signer: otherSigner });
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings.filter((finding) => finding.why.startsWith('unknown_key:'))).toHaveLength(4);
    // With the key given, the same export verifies.
    expect(verify(document, [appSigner, otherSigner]).ok).toBe(true);
  });

  it('a verdict flipped to "verified" is recomputed, not trusted', () => {
    // The attacker edits an entry and leaves every verdict of the export saying "verified".
    const document = copy(cleanExport());
    const approval = document.changes[0]!.history.comments[1]!;
    approval.body = editPayload(approval.body, (json) => json.replace('"carol"', '"mallory"'));
    expect(document.changes[0]!.history.entries[1]!.verdict).toBe('verified');
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        entry: `comment ${approval.id} (approved)`,
        pointer: '/changes/0/history/entries/1/verdict',
        why: 'the export says "verified", but what it was derived from shows "tampered": it was edited after it was written',
      }),
    );
    expect(result.findings.map((finding) => finding.why)).toContainEqual(expect.stringMatching(/^tampered:/));
  });

  it('a derived verdict alone flipped: named at its pointer', () => {
    const document = copy(
      exportOf([
        factsOf(
          writeChain(approvedLifecycle()).map((w) => w.comment),
          { checks: { sha: null, check_runs: [], statuses: [] } },
        ),
      ]),
    );
    expect(document.changes[0]!.verdict).toBe('not_verified');
    document.changes[0]!.verdict = 'verified';
    document.changes[0]!.findings = [];
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => finding.pointer)).toEqual(
      expect.arrayContaining(['/changes/0/verdict', '/changes/0/findings/0']),
    );
    expect(result.findings.map((finding) => finding.why)).toContainEqual(
      expect.stringContaining('the checks were read on commit none, but the last approval binds to'),
    );
  });

  it('an approval edited (who approved): named at its pointer', () => {
    const document = copy(cleanExport());
    document.changes[0]!.approvals[0]!.login = 'mallory';
    const result = verify(document);
    expect(result.findings).toEqual([
      expect.objectContaining({
        change: 'CHG-2026-012 (acme/payments#12)',
        pointer: '/changes/0/approvals/0/login',
        why: 'the export says "mallory", but what it was derived from shows "carol": it was edited after it was written',
      }),
    ]);
  });

  it("a deployment's commit changed against its signed entries", () => {
    const document = copy(cleanExport());
    document.changes[0]!.deployments[0]!.sha = 'f'.repeat(40);
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => finding.why)).toContainEqual(
      expect.stringContaining('deployment 7: GitHub shows commit'),
    );
  });

  it('a forged comment by someone else imitating an entry', () => {
    const document = copy(cleanExport());
    const copied = document.changes[0]!.history.comments[1]!;
    document.changes[0]!.history.comments.push({
      ...copied,
      id: 99_998,
      author: 'mallory',
      author_is_bot: false,
    });
    const result = verify(document);
    expect(result.findings.map((finding) => finding.why)).toContainEqual(expect.stringMatching(/^forged:/));
  });

  it('the totals, a change exported twice, and a field the schema does not know', () => {
    const summary = copy(cleanExport());
    summary.summary.not_verified = 0;
    summary.summary.verified = 5;
    expect(verify(summary).findings).toEqual([expect.objectContaining({ pointer: '/summary/verified' })]);

    const twice = copy(cleanExport());
    twice.changes.push(copy(twice.changes[0]!));
    twice.summary.changes = 2;
    const result = verify(twice);
    expect(result.findings.map((finding) => finding.why)).toContainEqual(
      'the change is exported twice (also /changes/0)',
    );

    const unknown = copy(cleanExport()) as unknown as { changes: Array<Record<string, unknown>> };
    unknown.changes[0]!.trusted = true;
    expect(verify(unknown).findings).toEqual([
      expect.objectContaining({
        change: null,
        pointer: '/changes/0/trusted',
        why: expect.stringContaining('unexpected field'),
      }),
    ]);
  });

  it('an edited comment whose signed entry is intact is a notice; the export still verifies', () => {
    const written = writeChain(approvedLifecycle());
    const edited = written.map((w, index) =>
      index === 1
        ? {
            ...w.comment,
            edited: true,
            body: `Edited words\n\n${renderHistoryComment({ signed: w.signed })}`,
          }
        : w.comment,
    );
    const result = verify(exportOf([factsOf(edited)]));
    expect(result.ok).toBe(true);
    expect(result.notices).toEqual([expect.objectContaining({ why: expect.stringMatching(/^edited:/) })]);
  });

  it('a deleted comment seen at export: the export marks it and verify fails on it', () => {
    const comments = writeChain(approvedLifecycle()).map((w) => w.comment);
    const document = exportOf([factsOf([comments[0]!, ...comments.slice(2)])]);
    expect(document.changes[0]!.verdict).toBe('not_verified');
    expect(document.changes[0]!.history.entries[1]).toMatchObject({
      verdict: 'verified',
      chain: 'missing_before',
    });
    expect(verify(document).ok).toBe(false);
  });

  it('is total on hostile input', () => {
    for (const document of [null, 42, 'x', [], {}, { format: 'change-gate/audit-export', changes: [{}] }])
      expect(verify(document).ok).toBe(false);
    expect(comment('x').author).toBe('change-gate[bot]');
  });
});
