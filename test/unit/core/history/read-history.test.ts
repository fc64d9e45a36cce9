import { describe, expect, it } from 'vitest';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { MAX_ENTRIES_PER_COMMENT } from '../../../../src/core/history/parse-history-entries.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
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
  otherSigner,
  REPOSITORY,
  writeChain,
} from '../../history/history-fixtures.ts';

const read = (comments: CommentFact[], verifiers = [createVerifier(appKey.spki)]) =>
  readHistory({
    comments,
    botLogin: BOT,
    verifiers,
    changeId: CHANGE,
    repository: REPOSITORY,
    number: NUMBER,
  });

describe('readHistory', () => {
  it('reads back what was signed, rendered and posted: sign → render → parse → read', () => {
    const chain = writeChain(lifecycle());
    const result = read([comment('Looks good to me'), ...chain.map((w) => w.comment)]);
    expect(result.problems).toEqual([]);
    expect(result.chainIntact).toBe(true);
    expect(result.entries.map((e) => e.entry.event)).toEqual([
      'submitted',
      'approved',
      'approved',
      'implementing',
      'completed',
    ]);
    expect(result.entries.map((e) => e.commentId)).toEqual(chain.map((w) => w.comment.id));
    expect(result.entries.map((e) => e.hash)).toEqual(chain.map((w) => w.hash));
    expect(result.entries[0]!.signed).toEqual(chain[0]!.signed);
  });

  it('reads comments in id order whatever order they arrive in', () => {
    const chain = writeChain(lifecycle());
    const result = read(chain.map((w) => w.comment).reverse());
    expect(result.chainIntact).toBe(true);
    expect(result.entries.map((e) => e.commentId)).toEqual(chain.map((w) => w.comment.id));
  });

  it('ignores a user comment that copies a real entry, and reports it as forged', () => {
    const [submitted, approved] = writeChain(lifecycle().slice(0, 2));
    const copy = comment(approved!.comment.body, { author: 'mallory', authorIsBot: false });
    const result = read([submitted!.comment, copy]);
    expect(result.entries.map((e) => e.entry.event)).toEqual(['submitted']);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'forged', commentId: copy.id, author: 'mallory' }),
    ]);
  });

  it('trusts neither a user named like the bot nor another bot', () => {
    const [submitted] = writeChain([draft()]);
    const notBot = comment(submitted!.comment.body, { author: BOT, authorIsBot: false });
    const otherBot = comment(submitted!.comment.body, { author: 'evil-gate[bot]', authorIsBot: true });
    const result = read([notBot, otherBot]);
    expect(result.entries).toEqual([]);
    expect(result.problems.map((p) => p.kind)).toEqual(['forged', 'forged']);
  });

  it('drops a bot comment whose JSON was edited (one character in data) as tampered', () => {
    const chain = writeChain(lifecycle().slice(0, 3));
    const edited = editPayload(chain[1]!.comment.body, (json) =>
      json.replace('security-team', 'security-tean'),
    );
    expect(edited).not.toBe(chain[1]!.comment.body);
    const tampered = { ...chain[1]!.comment, body: edited, edited: true };
    const result = read([chain[0]!.comment, tampered, chain[2]!.comment]);
    expect(result.entries.map((e) => e.commentId)).toEqual([chain[0]!.comment.id, chain[2]!.comment.id]);
    expect(result.problems[0]).toMatchObject({ kind: 'tampered', commentId: tampered.id });
    expect(result.problems[1]).toMatchObject({ kind: 'broken_chain', cause: 'missing' });
    expect(result.chainIntact).toBe(false);
  });

  it('reports a deleted middle entry as a broken chain naming both neighbours, and still returns the rest', () => {
    const chain = writeChain(lifecycle());
    const withoutMiddle = chain.filter((_, index) => index !== 2).map((w) => w.comment);
    const result = read(withoutMiddle);
    expect(result.entries).toHaveLength(4);
    expect(result.chainIntact).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        kind: 'broken_chain',
        cause: 'missing',
        before: { commentId: chain[1]!.comment.id, key: chain[1]!.signed.entry.key, event: 'approved' },
        after: { commentId: chain[3]!.comment.id, key: chain[3]!.signed.entry.key, event: 'implementing' },
      }),
    ]);
  });

  it('reports a deleted first entry as a gap before the first entry', () => {
    const chain = writeChain(lifecycle().slice(0, 2));
    const result = read([chain[1]!.comment]);
    expect(result.entries).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'broken_chain', cause: 'missing', before: null }),
    ]);
  });

  it('keeps the first of two entries with the same key and names the duplicate to delete', () => {
    const [submitted] = writeChain([draft()]);
    const again = comment(submitted!.comment.body);
    const result = read([submitted!.comment, again]);
    expect(result.entries.map((e) => e.commentId)).toEqual([submitted!.comment.id]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        kind: 'duplicate',
        key: submitted!.signed.entry.key,
        keptCommentId: submitted!.comment.id,
        duplicateCommentId: again.id,
      }),
    ]);
    expect(result.chainIntact).toBe(true);
  });

  it('keeps the first of two racing writers of one event even when their times differ', () => {
    const [a] = writeChain([draft()]);
    const [b] = writeChain([draft({ actor: 'bob' })]);
    expect(b!.signed.entry.key).toBe(a!.signed.entry.key);
    const result = read([a!.comment, b!.comment]);
    expect(result.entries.map((e) => e.entry.actor)).toEqual(['alice']);
    expect(result.problems.map((p) => p.kind)).toEqual(['duplicate']);
  });

  it('reports an entry signed by a key it does not know as unknown_key, and accepts rotated keys it is given', () => {
    const [submitted] = writeChain([draft()], otherSigner);
    const result = read([submitted!.comment]);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        kind: 'unknown_key',
        commentId: submitted!.comment.id,
        keyId: otherSigner.keyId,
      }),
    ]);
    const rotated = read([submitted!.comment], [appSigner, createVerifier(otherSigner.publicKeyPem)]);
    expect(rotated.entries).toHaveLength(1);
    expect(rotated.problems).toEqual([]);
  });

  it('does not verify an entry that claims the known key id but was signed by another key', () => {
    const [submitted] = writeChain([draft()], otherSigner);
    const swapped = editPayload(submitted!.comment.body, (json) =>
      json.replace(otherSigner.keyId, appSigner.keyId),
    );
    const result = read([comment(swapped)]);
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'tampered' })]);
  });

  it('reports an entry of another change as foreign and never counts it', () => {
    const [own] = writeChain([draft()]);
    const [other] = writeChain([draft({ change_id: 'CHG-2026-013', data: { number: 13 } })]);
    const result = read([other!.comment, own!.comment]);
    expect(result.entries.map((e) => e.entry.change_id)).toEqual([CHANGE]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        kind: 'foreign',
        commentId: other!.comment.id,
        belongsTo: 'acme/payments#13 (CHG-2026-013)',
      }),
    ]);
    expect(result.chainIntact).toBe(true);
  });

  it('reports an entry of the same change ID in another repository (copied, or moved by a transfer) as foreign', () => {
    const [copied] = writeChain([draft({ data: { repository: 'acme/other' } })]);
    const result = read([{ ...copied!.comment, edited: true }]);
    expect(result.entries).toEqual([]);
    expect(result.problems.map((p) => p.kind)).toEqual(['foreign', 'edited']);
    expect(result.problems[0]!.message).toContain('holds an entry of acme/other#12 (CHG-2026-012)');
  });

  it('binds repositories case-insensitively, as GitHub names them, and numbers exactly', () => {
    const [upper] = writeChain([draft({ data: { repository: 'ACME/Payments' } })]);
    expect(read([upper!.comment]).entries).toHaveLength(1);
    const [otherNumber] = writeChain([draft({ data: { number: 13 } })]);
    expect(read([otherNumber!.comment]).problems.map((p) => p.kind)).toEqual(['foreign']);
  });

  it('treats an entry that names no repository as bound to none: foreign', () => {
    const [unbound] = writeChain([draft({ data: { repository: null } })]);
    const result = read([unbound!.comment]);
    expect(result.entries).toEqual([]);
    expect(result.problems[0]).toMatchObject({
      kind: 'foreign',
      belongsTo: '(no repository)#12 (CHG-2026-012)',
    });
  });

  it('reports a malformed bot marker and goes on reading', () => {
    const chain = writeChain(lifecycle().slice(0, 2));
    const broken = comment('oops <!-- change-gate:history v1 !!! -->');
    const result = read([chain[0]!.comment, broken, chain[1]!.comment]);
    expect(result.entries).toHaveLength(2);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'malformed', commentId: broken.id, error: 'bad_base64' }),
    ]);
    expect(result.chainIntact).toBe(true);
  });

  it('reports two entries appended to the same entry as a fork', () => {
    const [submitted] = writeChain([draft()]);
    const [, a] = writeChain([
      draft(),
      draft({ event: 'approved', actor: 'sec-lead', data: { role: 'security-team' } }),
    ]);
    const [, b] = writeChain([
      draft(),
      draft({ event: 'approved', actor: 'eng-mgr', data: { role: 'engineering-manager' } }),
    ]);
    const result = read([submitted!.comment, a!.comment, b!.comment]);
    expect(result.entries).toHaveLength(3);
    expect(result.problems).toEqual([
      expect.objectContaining({
        kind: 'broken_chain',
        cause: 'fork',
        after: expect.objectContaining({ commentId: b!.comment.id }),
      }),
    ]);
  });

  it('reports an entry posted before the entry it follows as reordered', () => {
    const [submitted, approved] = writeChain(lifecycle().slice(0, 2));
    const early = { ...approved!.comment, id: submitted!.comment.id - 500 };
    const result = read([submitted!.comment, early]);
    expect(result.entries.map((e) => e.entry.event)).toEqual(['approved', 'submitted']);
    expect(result.problems[0]).toMatchObject({ kind: 'broken_chain', cause: 'reordered', before: null });
    expect(result.chainIntact).toBe(false);
  });

  it('notes a verified entry whose comment was edited, and keeps it', () => {
    const [submitted] = writeChain([draft()]);
    const edited = {
      ...submitted!.comment,
      body: submitted!.comment.body.replace('@alice', '@mallory'),
      edited: true,
    };
    const result = read([edited]);
    expect(result.entries).toHaveLength(1);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'edited', commentId: edited.id })]);
  });

  it('survives hostile comment bodies without throwing', () => {
    const bodies = [
      `<!-- change-gate:history v1 ${'A'.repeat(2_000_000)} -->`,
      '<!-- change-gate:history v1 ',
      '<!-- change-gate:history v1 e30 -->',
      `${'<!-- change-gate:history '.repeat(10_000)}`,
      '\u0000\uFFFF\uD800',
    ];
    const result = read(bodies.map((body) => comment(body)));
    expect(result.entries).toEqual([]);
    expect(result.problems.every((p) => p.kind === 'malformed')).toBe(true);
    // Three bodies with one bad marker each; 10,000 markers read as the first MAX_ENTRIES_PER_COMMENT and one
    // more problem saying there are too many: the work per comment is bounded.
    expect(result.problems).toHaveLength(3 + MAX_ENTRIES_PER_COMMENT + 1);
    expect(result.problems.at(-1)).toMatchObject({ kind: 'malformed', error: 'multiple_markers' });
  });
});

describe('readHistory, read again (entries and signatures remembered by comment text)', () => {
  it('finds an entry tampered with after an earlier read verified it', () => {
    const chain = writeChain(lifecycle().slice(0, 3));
    const comments = chain.map((w) => w.comment);
    expect(read(comments).problems).toEqual([]);
    const edited = editPayload(chain[1]!.comment.body, (json) =>
      json.replace('security-team', 'security-tean'),
    );
    const tampered = { ...chain[1]!.comment, body: edited, edited: true };
    const again = read([comments[0]!, tampered, comments[2]!]);
    expect(again.problems[0]).toMatchObject({ kind: 'tampered', commentId: tampered.id });
    // And the untouched text is still believed afterwards: nothing of the tampered read stuck to it.
    expect(read(comments).problems).toEqual([]);
  });

  it('checks the signature again under another verifier, and a key no longer configured counts nothing', () => {
    const chain = writeChain(lifecycle().slice(0, 2));
    const comments = chain.map((w) => w.comment);
    expect(read(comments).entries).toHaveLength(2);
    expect(read(comments, [createVerifier(appKey.spki)]).entries).toHaveLength(2);
    const wrongKey = { ...createVerifier(appKey.spki), verify: () => false };
    const lying = read(comments, [wrongKey]);
    expect(lying.entries).toEqual([]);
    expect(lying.problems.map((problem) => problem.kind)).toEqual(['tampered', 'tampered']);
    expect(read(comments, []).problems.map((problem) => problem.kind)).toEqual([
      'unknown_key',
      'unknown_key',
    ]);
  });

  it('hands out entries no caller can change', () => {
    const [submitted] = writeChain(lifecycle().slice(0, 1));
    const [entry] = read([submitted!.comment]).entries;
    expect(() => {
      (entry!.entry as { event: string }).event = 'approved';
    }).toThrow(TypeError);
    expect(read([submitted!.comment]).entries[0]!.entry.event).toBe('submitted');
  });
});
