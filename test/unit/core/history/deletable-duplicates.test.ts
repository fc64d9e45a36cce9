import { describe, expect, it } from 'vitest';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { deletableDuplicates } from '../../../../src/core/history/deletable-duplicates.ts';
import { entryHash } from '../../../../src/core/history/entry-hash.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import {
  appKey,
  appSigner,
  BOT,
  CHANGE,
  comment,
  draft,
  lifecycle,
  NUMBER,
  REPOSITORY,
  writeChain,
} from '../../history/history-fixtures.ts';

const read = (comments: CommentFact[]) =>
  readHistory({
    comments,
    botLogin: BOT,
    verifiers: [createVerifier(appKey.spki)],
    changeId: CHANGE,
    repository: REPOSITORY,
    number: NUMBER,
  });

const deletable = (comments: CommentFact[]) => deletableDuplicates(read(comments), comments);

/**
 * submitted, then sec-lead's approval; a racing replica wrote that approval again a minute later (the same key,
 * its own time), in a comment of its own posted after the genuine one.
 */
const raced = () => {
  const [submitted, approved] = writeChain(lifecycle().slice(0, 2));
  const history = [{ entry: submitted!.signed.entry, hash: submitted!.hash }];
  const copy = appSigner.sign(
    appendEntry({ history, draft: lifecycle()[1]!, at: new Date(Date.UTC(2026, 2, 1, 10, 30)) }),
  );
  expect(copy.entry.key).toBe(approved!.signed.entry.key);
  return {
    submitted: submitted!,
    approved: approved!,
    copy: comment(renderHistoryComment({ signed: copy })),
  };
};

describe('deletableDuplicates: only a lost race’s copy goes', () => {
  it('deletes a racing replica’s copy: the app’s own comment, never edited, in a history with no other problem', () => {
    const { submitted, approved, copy } = raced();
    expect(deletable([submitted.comment, approved.comment, copy])).toEqual([copy.id]);
  });

  it('an admin pasting the newest entry into an earlier bot comment: the genuine comment is not deleted', () => {
    const { submitted, approved } = raced();
    const pasted = {
      ...submitted.comment,
      body: `${submitted.comment.body}\n${approved.comment.body}`,
      edited: true,
    };
    const history = read([pasted, approved.comment]);
    // Read in posting order, the pasted copy comes first: the genuine comment looks like the duplicate.
    expect(history.problems).toContainEqual(
      expect.objectContaining({ kind: 'duplicate', duplicateCommentId: approved.comment.id }),
    );
    expect(deletableDuplicates(history, [pasted, approved.comment])).toEqual([]);
  });

  it('keeps the copy when the comment holding the kept entry was edited, even with nothing else wrong', () => {
    const { submitted, approved, copy } = raced();
    const touched = { ...approved.comment, edited: true };
    // Its `edited` problem alone would keep everything; without it, the kept comment's edit still does.
    const history = read([submitted.comment, approved.comment, copy]);
    expect(deletableDuplicates(history, [submitted.comment, touched, copy])).toEqual([]);
  });

  it('keeps a copy whose own comment was edited', () => {
    const { submitted, approved, copy } = raced();
    expect(deletable([submitted.comment, approved.comment, { ...copy, edited: true }])).toEqual([]);
  });

  it('keeps a bot comment that holds a copy among other text (never edited): it is not a history comment', () => {
    const { submitted, approved, copy } = raced();
    const status = { ...copy, body: `### Change Gate: pending approval\n\n${copy.body}` };
    expect(deletable([submitted.comment, approved.comment, status])).toEqual([]);
  });

  it('keeps a copy the comments given do not hold (nothing known of its edits)', () => {
    const { submitted, approved, copy } = raced();
    const history = read([submitted.comment, approved.comment, copy]);
    expect(deletableDuplicates(history, [submitted.comment, approved.comment])).toEqual([]);
  });

  it('keeps everything while the history has any other problem: an edit, a forged marker, a gap', () => {
    const { submitted, approved, copy } = raced();
    const edited = { ...submitted.comment, edited: true };
    expect(deletable([edited, approved.comment, copy])).toEqual([]);
    const forged = comment(approved.comment.body, { author: 'mallory', authorIsBot: false });
    expect(deletable([submitted.comment, approved.comment, copy, forged])).toEqual([]);
    const [, , third] = writeChain(lifecycle().slice(0, 3));
    expect(deletable([approved.comment, copy, third!.comment])).toEqual([]);
  });

  it('still deletes a copy in a history whose only other problem is a fork (racing writers too)', () => {
    const { submitted, approved, copy } = raced();
    // A third writer appended another approval onto `submitted`, concurrently with `approved`.
    const fork = appSigner.sign(
      appendEntry({
        history: [{ entry: submitted.signed.entry, hash: submitted.hash }],
        draft: draft({ event: 'approved', actor: 'eng-mgr', data: { role: 'engineering-manager' } }),
        at: new Date(Date.UTC(2026, 2, 1, 10, 40)),
      }),
    );
    const forked = comment(renderHistoryComment({ signed: fork }));
    const comments = [submitted.comment, approved.comment, copy, forked];
    expect(read(comments).problems.map((problem) => problem.kind)).toEqual(['duplicate', 'broken_chain']);
    expect(entryHash(fork)).not.toBe(approved.hash);
    expect(deletable(comments)).toEqual([copy.id]);
  });
});
