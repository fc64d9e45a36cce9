import { describe, expect, it } from 'vitest';
import { auditExportProblems } from '../../../../src/core/audit/audit-export-problems.ts';
import { verifyAuditExport } from '../../../../src/core/audit/verify-audit-export.ts';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import type { DraftEntry } from '../../../../src/core/history/draft-entry.ts';
import { appSigner, REPOSITORY } from '../../history/history-fixtures.ts';
import { approvedLifecycle, copy, exportOf, factsOf, writeChain } from './audit-fixtures.ts';

const OLD_NAME = 'acme/payments-legacy';
const ID = 42;

/** The lifecycle written under `repository` with `id`; from `renamedAt` on under the current name. */
const lifecycleOf = (options: { repository: string; id: number; renamedAt?: number }): CommentFact[] =>
  writeChain(
    approvedLifecycle().map(
      (draft, index): DraftEntry => ({
        ...draft,
        data: {
          ...draft.data,
          repository:
            index >= (options.renamedAt ?? Number.POSITIVE_INFINITY) ? REPOSITORY : options.repository,
          repository_id: options.id,
        },
      }),
    ),
  ).map((written) => written.comment);

const factsWith = (comments: CommentFact[], repositoryId?: number) =>
  factsOf(comments, repositoryId === undefined ? {} : { repository_id: repositoryId });

const verify = (document: unknown) => verifyAuditExport({ document, verifiers: [appSigner] });
const verdicts = (document: ReturnType<typeof exportOf>) =>
  document.changes[0]!.history.entries.map((entry) => entry.verdict);

// Submitted and approved under the old name, deployed and completed after the rename: all with id 42.
const renamed = () => lifecycleOf({ repository: OLD_NAME, id: ID, renamedAt: 2 });

describe('audit export of a renamed repository, read by id', () => {
  it('records the id, verifies the entries signed under the old name with the same id, and audit verify agrees', () => {
    const document = exportOf([factsWith(renamed(), ID)]);
    expect(auditExportProblems(document)).toEqual([]);
    expect(document.changes[0]).toMatchObject({
      repository: REPOSITORY,
      repository_id: ID,
      verdict: 'verified',
    });
    expect(verdicts(document)).toEqual(['verified', 'verified', 'verified', 'verified']);
    expect(document.changes[0]!.approvals.map((approval) => approval.login)).toEqual(['carol']);
    expect(verify(document)).toMatchObject({ ok: true, findings: [], verifiedEntries: 4 });
  });

  it('reads by name without an id (older exports): the old name is foreign, as before', () => {
    const document = exportOf([factsWith(renamed())]);
    expect(document.changes[0]).not.toHaveProperty('repository_id');
    expect(verdicts(document)).toEqual(['foreign', 'foreign', 'verified', 'verified']);
    expect(document.changes[0]!.verdict).toBe('not_verified');
    expect(auditExportProblems(document)).toEqual([]);
    expect(verify(document).ok).toBe(false);
  });

  it('another id: every entry is foreign, whatever its name', () => {
    const document = exportOf([factsWith(renamed(), 43)]);
    expect(verdicts(document)).toEqual(['foreign', 'foreign', 'foreign', 'foreign']);
    expect(document.changes[0]!.verdict).toBe('not_verified');
  });
});

describe('audit verify and an edited repository_id', () => {
  it('names an id edited in place: the verdicts it recomputes are not the ones stored', () => {
    const document = copy(exportOf([factsWith(renamed(), ID)]));
    document.changes[0]!.repository_id = 43;
    const result = verify(document);
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => finding.pointer)).toEqual(
      expect.arrayContaining(['/changes/0/verdict', '/changes/0/repository_id']),
    );
  });

  it("an export rebuilt with another repository's id so that its pasted entries count: reported, not trusted", () => {
    // acme/payments#12 carries entries signed for acme/other (id 99); #13 has its own, signed with id 42.
    const pasted = lifecycleOf({ repository: 'acme/other', id: 99 });
    const own = factsOf(
      writeChain(
        approvedLifecycle().map((draft) => ({
          ...draft,
          change_id: 'CHG-2026-013',
          data: { ...draft.data, number: 13, repository_id: ID },
        })),
      ).map((written) => written.comment),
      { number: 13, repository_id: 99 },
    );
    // The attacker recomputes everything with id 99: the export is consistent with itself.
    const forged = exportOf([factsWith(pasted, 99), own]);
    expect(verdicts(forged)).toEqual(['verified', 'verified', 'verified', 'verified']);
    const result = verify(forged);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pointer: '/changes/0/repository_id',
          why: expect.stringContaining(`entries signed under ${REPOSITORY} carry 42: the id was edited`),
        }),
      ]),
    );
    // Alone (no entry under this name attests any id): the id cannot be confirmed, so it fails closed.
    const alone = verify(exportOf([factsWith(pasted, 99)]));
    expect(alone.ok).toBe(false);
    expect(alone.findings).toEqual([
      expect.objectContaining({
        pointer: '/changes/0/repository_id',
        why: expect.stringContaining("count as acme/payments's only by the recorded repository id 99"),
      }),
    ]);
  });

  it('changes recording different ids: named', () => {
    const document = exportOf([
      factsWith(renamed(), ID),
      { ...factsWith(renamed(), ID), number: 13, comments: [], repository_id: 7 },
    ]);
    expect(verify(document).findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/changes/1/repository_id' })]),
    );
  });
});
