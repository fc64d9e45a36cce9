import { describe, expect, it } from 'vitest';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import { chainHeadMarker, readChainHead } from '../../../../src/core/history/chain-head-marker.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { deletableDuplicates } from '../../../../src/core/history/deletable-duplicates.ts';
import { entryHash } from '../../../../src/core/history/entry-hash.ts';
import { historyTamper, tamperEntryData } from '../../../../src/core/history/history-tamper.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import type { RecordedHead } from '../../../../src/core/history/tamper-findings.ts';
import {
  appKey,
  appSigner,
  BOT,
  CHANGE,
  comment,
  draft,
  editPayload,
  lifecycle,
  NUMBER,
  REPOSITORY,
  writeChain,
} from '../../history/history-fixtures.ts';

const NOW = '2026-03-02T12:00:00.000Z';
const read = (comments: CommentFact[]) =>
  readHistory({
    comments,
    botLogin: BOT,
    verifiers: [createVerifier(appKey.spki)],
    changeId: CHANGE,
    repository: REPOSITORY,
    number: NUMBER,
  });
const tamperOf = (comments: CommentFact[], head: RecordedHead = null) =>
  historyTamper({ read: read(comments), head, now: NOW });

describe('the chain-head marker', () => {
  it('names the change, the newest hash and the count, and is read back for that change only', () => {
    const hash = `sha256:${'ab'.repeat(32)}`;
    const summary = `Approved.\n\n${chainHeadMarker('acme/web#12', { hash, count: 3 })}\n\n${chainHeadMarker('acme/web#13', { hash: null, count: 0 })}`;
    expect(readChainHead(summary, 'ACME/Web#12')).toEqual({ hash, count: 3 });
    expect(readChainHead(summary, 'acme/web#13')).toEqual({ hash: null, count: 0 });
    expect(readChainHead(summary, 'acme/web#1')).toBeNull();
    expect(readChainHead(null, 'acme/web#12')).toBeNull();
  });

  it('is read back under a repository’s new name (renamed or transferred): the same number, the exact name first', () => {
    const old = `sha256:${'ab'.repeat(32)}`;
    const now = `sha256:${'cd'.repeat(32)}`;
    const before = `${chainHeadMarker('acme/web#12', { hash: old, count: 3 })}\n${chainHeadMarker('acme/web#112', { hash: null, count: 0 })}`;
    expect(readChainHead(before, 'acme-corp/site#12')).toEqual({ hash: old, count: 3 });
    expect(readChainHead(before, 'acme-corp/site#2')).toBeNull();
    const both = `${before}\n${chainHeadMarker('acme-corp/site#12', { hash: now, count: 4 })}\n${chainHeadMarker('acme/web#12', { hash: old, count: 3 })}`;
    expect(readChainHead(both, 'acme-corp/site#12')).toEqual({ hash: now, count: 4 });
  });

  it('is not mistaken for a history entry by the comment reader', () => {
    const status = comment(
      `<!-- change-gate:status -->\nPending.\n\n${chainHeadMarker('acme/payments#12', { hash: null, count: 0 })}`,
    );
    expect(read([status]).problems).toEqual([]);
  });
});

describe('historyTamper', () => {
  it('finds nothing in an intact history whose newest entry is where the app recorded it', () => {
    const chain = writeChain(lifecycle());
    const tamper = tamperOf(
      chain.map((w) => w.comment),
      { hash: chain.at(-1)!.hash, count: chain.length },
    );
    expect(tamper).toEqual({
      findings: [],
      unrecorded: [],
      countFrom: null,
      reapproved: false,
      recordedReason: null,
    });
  });

  it('accepts a head record that lags behind the chain (entries written after it) but not one that is gone', () => {
    const chain = writeChain(lifecycle());
    const comments = chain.map((w) => w.comment);
    expect(tamperOf(comments, { hash: chain[2]!.hash, count: 3 }).findings).toEqual([]);
    const truncated = tamperOf(comments.slice(0, 4), { hash: chain[4]!.hash, count: 5 });
    expect(truncated.findings).toEqual([
      {
        id: `truncated:${chain[4]!.hash.slice(0, 19)}`,
        message: `the newest entry (${chain[4]!.hash.slice(0, 19)}…, entry 5 of 5) is missing: it was deleted or edited away; the newest left is comment ${chain[3]!.comment.id} (implementing)`,
      },
    ]);
    expect(truncated.countFrom).toBe(NOW);
  });

  it('names the missing link of a gap, an edit and a broken signature; a fork (racing writers) is no finding', () => {
    const chain = writeChain(lifecycle());
    const edited = { ...chain[3]!.comment, edited: true };
    const broken = {
      ...chain[4]!.comment,
      body: editPayload(chain[4]!.comment.body, (json) => json.replace('deployer', 'mallory')),
      edited: true,
    };
    const tamper = tamperOf([chain[0]!.comment, chain[2]!.comment, edited, broken]);
    expect(tamper.findings.map((finding) => finding.message)).toEqual([
      `comment ${edited.id} was edited after the app posted it`,
      `comment ${broken.id} no longer matches its signature: it was edited after the app posted it`,
      `an entry is missing between comment ${chain[0]!.comment.id} (submitted) and comment ${chain[2]!.comment.id} (approved)`,
    ]);
    const [root] = writeChain([draft()]);
    const forkA = writeChain([draft(), draft({ event: 'approved', actor: 'a', data: { role: 'x' } })]);
    const forkB = writeChain([draft(), draft({ event: 'approved', actor: 'b', data: { role: 'y' } })]);
    expect(tamperOf([root!.comment, forkA[1]!.comment, forkB[1]!.comment]).findings).toEqual([]);
  });

  describe('replicas that raced (Redis down: each evaluated under its own lock)', () => {
    // Two replicas read [submitted] and both wrote sec-lead's approval (one key, two copies a minute apart);
    // the second then appended eng-mgr's approval onto its own copy.
    const race = () => {
      const [submitted, kept] = writeChain(lifecycle().slice(0, 2));
      const history = [{ entry: submitted!.signed.entry, hash: submitted!.hash }];
      const copy = appSigner.sign(
        appendEntry({ history, draft: lifecycle()[1]!, at: new Date(Date.UTC(2026, 2, 1, 10, 30)) }),
      );
      const copyHash = entryHash(copy);
      const next = appSigner.sign(
        appendEntry({
          history: [...history, { entry: copy.entry, hash: copyHash }],
          draft: lifecycle()[2]!,
          at: new Date(Date.UTC(2026, 2, 1, 10, 31)),
        }),
      );
      const comments = [submitted!.comment, kept!.comment, comment(renderHistoryComment({ signed: copy }))];
      return {
        comments,
        next: comment(renderHistoryComment({ signed: next })),
        copyHash,
        keptHash: kept!.hash,
      };
    };

    it('an entry appended to a racing copy follows the kept entry: no gap, no finding', () => {
      const { comments, next, copyHash } = race();
      const history = read([...comments, next]);
      expect(history.problems.map((problem) => problem.kind)).toEqual(['duplicate']);
      expect(history.chainIntact).toBe(true);
      expect(
        tamperOf([...comments, next], { hash: entryHash(history.entries.at(-1)!.signed), count: 3 }).findings,
      ).toEqual([]);
      expect(copyHash).not.toBe(history.entries[1]!.hash);
      // The copy is kept as the link; a copy nothing chains onto is deleted.
      expect(deletableDuplicates(history, [...comments, next])).toEqual([]);
      expect(deletableDuplicates(read(comments), comments)).toEqual([comments[2]!.id]);
    });

    it('without the copy it names, the appended entry leaves a gap (the copy is the link; the app keeps it)', () => {
      const { comments, next } = race();
      const findings = tamperOf([comments[0]!, comments[1]!, next]).findings;
      expect(findings.map((finding) => finding.id)).toEqual([`missing:${comments[1]!.id}-${next.id}`]);
    });

    it('a head recorded by the replica whose copy was deleted is no finding while as many entries are kept', () => {
      const { comments, copyHash } = race();
      const kept = comments.slice(0, 2);
      expect(tamperOf(kept, { hash: copyHash, count: 2 }).findings).toEqual([]);
      // One entry fewer than the record counts: the newest was deleted.
      expect(
        tamperOf(kept.slice(0, 1), { hash: copyHash, count: 2 }).findings.map((finding) => finding.id),
      ).toEqual([`truncated:${copyHash.slice(0, 19)}`]);
    });
  });

  it('an issue whose status comment (the head record) is gone is a finding once it has entries', () => {
    const chain = writeChain(lifecycle().slice(0, 2));
    expect(tamperOf([], 'missing').findings).toEqual([]);
    expect(
      tamperOf(
        chain.map((w) => w.comment),
        'missing',
      ).findings.map((finding) => finding.id),
    ).toEqual([`head-missing:${chain[1]!.hash.slice(0, 19)}`]);
  });

  it('a history_tampered entry records its findings: the cutoff stays at its time, until an approval follows it', () => {
    const chain = writeChain(lifecycle().slice(0, 3));
    const gap = [chain[0]!.comment, chain[2]!.comment];
    const found = tamperOf(gap);
    expect(found.unrecorded).toHaveLength(1);
    expect(found.countFrom).toBe(NOW);
    // The app appends the detection onto the newest entry it kept (same drafts and times: same hashes).
    const detection = draft({
      event: 'history_tampered',
      actor: BOT,
      data: tamperEntryData(found.unrecorded, 'mallory'),
    });
    const approvedAgain = draft({ event: 'approved', actor: 'carl', data: { role: 'change-manager' } });
    const later = writeChain([...lifecycle().slice(0, 3), detection, approvedAgain]);
    expect(later[2]!.hash).toBe(chain[2]!.hash);
    const recorded = tamperOf([...gap, later[3]!.comment]);
    expect(recorded.findings).toHaveLength(1);
    expect(recorded.unrecorded).toEqual([]);
    expect(recorded.countFrom).toBe(later[3]!.signed.entry.at);
    expect(recorded.recordedReason).toContain('an entry is missing between');
    expect(recorded.reapproved).toBe(false);
    expect(tamperOf([...gap, later[3]!.comment, later[4]!.comment]).reapproved).toBe(true);
    // A new finding after the detection moves the cutoff again, and is not "re-approved".
    const edited = { ...later[4]!.comment, edited: true };
    const again = tamperOf([...gap, later[3]!.comment, edited]);
    expect(again.unrecorded.map((finding) => finding.id)).toEqual([`edited:${edited.id}`]);
    expect(again.countFrom).toBe(NOW);
    expect(again.reapproved).toBe(false);
  });

  it('records at most 20 findings per entry, with a fingerprint racing writers agree on', () => {
    const findings = Array.from({ length: 25 }, (_, i) => ({
      id: `edited:${i}`,
      message: `comment ${i} was edited`,
    }));
    const data = tamperEntryData(findings, 'mallory');
    expect(data.findings).toHaveLength(20);
    expect(data.triggered_by).toBe('mallory');
    expect(tamperEntryData(findings, 'other').fingerprint).toBe(data.fingerprint);
  });
});
