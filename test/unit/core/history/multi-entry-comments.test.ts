import { describe, expect, it } from 'vitest';
import { auditHistoryOf } from '../../../../src/core/audit/audit-history-of.ts';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { deletableDuplicates } from '../../../../src/core/history/deletable-duplicates.ts';
import type { DraftEntry } from '../../../../src/core/history/draft-entry.ts';
import { entryHash } from '../../../../src/core/history/entry-hash.ts';
import {
  MAX_ENTRIES_PER_COMMENT,
  parseHistoryEntries,
} from '../../../../src/core/history/parse-history-entries.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import {
  MAX_HISTORY_COMMENT,
  renderHistoryComments,
} from '../../../../src/core/history/render-history-comments.ts';
import { tamperFindings } from '../../../../src/core/history/tamper-findings.ts';
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
  type WrittenEntry,
  writeChain,
} from '../../history/history-fixtures.ts';

const verifiers = [createVerifier(appKey.spki)];

const read = (comments: CommentFact[]) =>
  readHistory({
    comments,
    botLogin: BOT,
    verifiers,
    changeId: CHANGE,
    repository: REPOSITORY,
    number: NUMBER,
  });

/** The one body an apply posts for `written` (already chained in order). */
const bodyOf = (written: readonly WrittenEntry[]): string => {
  const bodies = renderHistoryComments(written.map(({ signed }) => ({ signed })));
  expect(bodies).toHaveLength(1);
  return bodies[0]!.body;
};

/** submitted alone, then approved ×2 + implementing in one comment, then completed alone. */
const history = () => {
  const chain = writeChain(lifecycle());
  const first = chain[0]!.comment;
  const multi = comment(bodyOf(chain.slice(1, 4)));
  const last = comment(bodyOf(chain.slice(4)));
  return { chain, first, multi, last };
};

/** As writeChain, an hour later: what a racing replica signs for the same decision. */
const writeLater = (drafts: DraftEntry[]): WrittenEntry[] => {
  const written: WrittenEntry[] = [];
  drafts.forEach((next, index) => {
    const history = written.map((w) => ({ entry: w.signed.entry, hash: w.hash }));
    const at = new Date(Date.UTC(2026, 2, 1, 11, index));
    const signed = appSigner.sign(
      appendEntry({
        history: index === 0 ? [] : history,
        draft: next,
        at: index === 0 ? new Date(Date.UTC(2026, 2, 1, 10, 0)) : at,
      }),
    );
    written.push({ signed, hash: entryHash(signed), comment: comment(renderHistoryComment({ signed })) });
  });
  return written;
};

const split = (body: string): string[] => body.split(/\n(?=\*\*)/);

describe('history comments holding several entries', () => {
  it('renders one entry exactly as a single-entry comment, and several as their parts in order', () => {
    const chain = writeChain(lifecycle().slice(0, 3));
    expect(bodyOf(chain.slice(0, 1))).toBe(renderHistoryComment({ signed: chain[0]!.signed }));
    const body = bodyOf(chain);
    expect(split(body)).toEqual(chain.map(({ signed }) => renderHistoryComment({ signed })));
    expect(parseHistoryEntries(body)).toEqual(chain.map(({ signed }) => signed));
  });

  it('splits entries that do not fit one comment into as few comments as fit', () => {
    const many = writeChain(
      Array.from({ length: MAX_ENTRIES_PER_COMMENT + 5 }, (_, n) =>
        draft({ event: 'approved', actor: `a${n}`, data: { role: `r${n}` } }),
      ),
    );
    const bodies = renderHistoryComments(many.map(({ signed }) => ({ signed })));
    expect(bodies.map((item) => item.entries)).toEqual([MAX_ENTRIES_PER_COMMENT, 5]);
    expect(bodies.flatMap((item) => parseHistoryEntries(item.body))).toEqual(
      many.map(({ signed }) => signed),
    );
    const big = 'x'.repeat(2_000);
    const large = writeChain(
      Array.from({ length: 12 }, (_, n) =>
        draft({
          event: 'approved',
          actor: `a${n}`,
          data: { role: `r${n}`, reason: big.repeat((n % 3) + 1) },
        }),
      ),
    );
    const split = renderHistoryComments(large.map(({ signed }) => ({ signed })));
    for (const item of split) expect(item.body.length).toBeLessThanOrEqual(MAX_HISTORY_COMMENT);
    expect(split.reduce((sum, item) => sum + item.entries, 0)).toBe(12);
  });

  it('reads each entry of a comment in order, chained as if posted one by one', () => {
    const { chain, first, multi, last } = history();
    const result = read([first, multi, last]);
    expect(result.problems).toEqual([]);
    expect(result.chainIntact).toBe(true);
    expect(result.entries.map((e) => e.hash)).toEqual(chain.map((w) => w.hash));
    expect(result.entries.map((e) => [e.commentId, e.index ?? 0])).toEqual([
      [first.id, 0],
      [multi.id, 0],
      [multi.id, 1],
      [multi.id, 2],
      [last.id, 0],
    ]);
  });

  it('an admin editing one entry of a comment: that entry is tampered, the chain misses it, the edit is named', () => {
    const { first, multi, last } = history();
    const parts = split(multi.body);
    const changed = editPayload(parts[1]!, (json) => json.replace('eng-mgr', 'mallory'));
    expect(changed).not.toBe(parts[1]);
    const edited = { ...multi, body: [parts[0], changed, parts[2]].join('\n'), edited: true };
    const result = read([first, edited, last]);
    expect(result.entries.map((e) => e.entry.actor)).not.toContain('mallory');
    expect(result.problems).toContainEqual(
      expect.objectContaining({ kind: 'tampered', commentId: multi.id, index: 1 }),
    );
    const ids = tamperFindings({ read: result, head: null }).map((finding) => finding.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        `tampered:${multi.id}#2`,
        `edited:${multi.id}`,
        `missing:${multi.id}-${multi.id}#3`,
      ]),
    );
    expect(deletableDuplicates(result, [first, edited, last])).toEqual([]);
  });

  it('an admin deleting a whole multi-entry comment: the gap is found, and so is a cut-off newest comment', () => {
    const { chain, first, multi, last } = history();
    const gap = read([first, last]);
    expect(tamperFindings({ read: gap, head: null }).map((finding) => finding.id)).toEqual([
      `missing:${first.id}-${last.id}`,
    ]);
    const cut = read([first]);
    const head = { hash: chain.at(-2)!.hash, count: 4 };
    expect(tamperFindings({ read: cut, head }).map((finding) => finding.id)).toEqual([
      expect.stringMatching(/^truncated:/),
    ]);
    expect(read([first, multi]).entries).toHaveLength(4);
  });

  it('an admin reordering the entries inside a comment: the entry out of order is found', () => {
    const { first, multi, last } = history();
    const parts = split(multi.body);
    const reordered = { ...multi, body: [parts[1], parts[0], parts[2]].join('\n'), edited: true };
    const result = read([first, reordered, last]);
    const ids = tamperFindings({ read: result, head: null }).map((finding) => finding.id);
    expect(ids).toEqual(expect.arrayContaining([`reordered:${multi.id}`, `edited:${multi.id}`]));
  });

  it('an admin copying one entry into another comment: the copy never counts and the edit is found', () => {
    const { first, multi, last } = history();
    const copied = { ...last, body: `${last.body}\n${split(multi.body)[0]}`, edited: true };
    const result = read([first, multi, copied]);
    expect(result.entries).toHaveLength(5);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ kind: 'duplicate', duplicateCommentId: last.id, duplicateIndex: 1 }),
    );
    expect(tamperFindings({ read: result, head: null }).map((finding) => finding.id)).toEqual([
      `edited:${last.id}`,
    ]);
    // The comment holds a kept entry: never deleted as a race's duplicate.
    expect(deletableDuplicates(result, [first, multi, copied])).toEqual([]);
  });

  it('deletes a racing replica comment only when every entry in it repeats one, and nothing chains onto it', () => {
    const { first, multi } = history();
    // Replica B decided the same on the same history, an hour later: its first entry repeats A's (same key),
    // the ones after it chain onto B's own copy (their keys name it), so B's comment is not all duplicates.
    const raced = writeLater(lifecycle().slice(0, 4));
    const [approved] = read([multi]).entries;
    expect(raced[1]!.signed.entry.key).toBe(approved!.entry.key);
    const whole = comment(bodyOf(raced.slice(1, 4)));
    const result = read([first, multi, whole]);
    expect(result.problems.filter((p) => p.kind === 'duplicate')).toEqual([
      expect.objectContaining({ duplicateCommentId: whole.id, keptCommentId: multi.id }),
    ]);
    expect(tamperFindings({ read: result, head: null })).toEqual([]);
    expect(deletableDuplicates(result, [first, multi, whole])).toEqual([]);
    // A comment holding only repeated entries goes.
    const alone = comment(bodyOf(raced.slice(1, 2)));
    expect(deletableDuplicates(read([first, multi, alone]), [first, multi, alone])).toEqual([alone.id]);
  });

  it('the audit export lists every entry of a comment with its own verdict', () => {
    const { first, multi, last } = history();
    const parts = split(multi.body);
    const changed = editPayload(parts[2]!, (json) => json.replace('deployer', 'mallory'));
    const edited = { ...multi, body: [parts[0], parts[1], changed].join('\n'), edited: true };
    const asAudit = (c: CommentFact) => ({
      id: c.id,
      author: c.author,
      author_is_bot: c.authorIsBot,
      body: c.body,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      edited: c.edited,
    });
    const audited = auditHistoryOf({
      repository: REPOSITORY,
      number: NUMBER,
      changeId: CHANGE,
      comments: [first, edited, last].map(asAudit),
      botLogin: BOT,
      verifiers,
    });
    expect(audited.history.entries.map((e) => [e.comment_id, e.verdict, e.chain])).toEqual([
      [first.id, 'verified', 'linked'],
      [multi.id, 'verified', 'linked'],
      [multi.id, 'verified', 'linked'],
      [multi.id, 'tampered', null],
      [last.id, 'verified', 'missing_before'],
    ]);
    expect(audited.findings.length).toBeGreaterThan(0);
  });
});
