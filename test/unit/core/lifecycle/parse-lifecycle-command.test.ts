import { describe, expect, it } from 'vitest';
import { implementationBody } from '../../../../src/core/decision/implementation-body.ts';
import { describeEntry } from '../../../../src/core/history/describe-entry.ts';
import type { HistoryEntry } from '../../../../src/core/history/history-entry.ts';
import {
  MAX_NOTE_CHARS,
  parseLifecycleCommand,
} from '../../../../src/core/lifecycle/parse-lifecycle-command.ts';
import { renderMoveRefusal } from '../../../../src/core/lifecycle/render-move-refusal.ts';

describe('parseLifecycleCommand', () => {
  it('reads the four commands and their notes', () => {
    expect(parseLifecycleCommand('/implement')).toEqual({ ok: true, move: { kind: 'implement' }, note: '' });
    expect(parseLifecycleCommand('/implement  keys first\nthen the config ')).toEqual({
      ok: true,
      move: { kind: 'implement' },
      note: 'keys first\nthen the config',
    });
    expect(parseLifecycleCommand('/complete all green')).toEqual({
      ok: true,
      move: { kind: 'complete', outcome: 'completed' },
      note: 'all green',
    });
    expect(parseLifecycleCommand('/complete failed timed out')).toMatchObject({
      move: { kind: 'complete', outcome: 'failed' },
      note: 'timed out',
    });
    expect(parseLifecycleCommand('/COMPLETE Rolled_Back: reverted')).toMatchObject({
      move: { kind: 'complete', outcome: 'rolled_back' },
      note: 'reverted',
    });
    expect(parseLifecycleCommand('/complete rolled-back')).toMatchObject({
      move: { outcome: 'rolled_back' },
      note: '',
    });
    expect(parseLifecycleCommand('\uFEFF\n\n  /complete completed')).toMatchObject({
      move: { outcome: 'completed' },
      note: '',
    });
  });

  it('is no command when the command is not what the comment says first', () => {
    for (const body of [
      'Done. /complete',
      '> /implement',
      '    /implement',
      '\t/implement',
      '```\n/implement\n```',
      '/implementation plan attached',
      '/completed',
      '/approve',
      '',
      '   \n  ',
    ]) {
      expect(parseLifecycleCommand(body), body).toBeNull();
    }
    expect(parseLifecycleCommand(42 as unknown as string)).toBeNull();
  });

  it('refuses unknown outcome words that look like a failure instead of recording a success', () => {
    for (const word of [
      'rollback',
      'fail',
      'FAILURE',
      'failed?',
      'reverted',
      'aborted',
      'roll-back',
      'rollback`<!--',
    ]) {
      const parsed = parseLifecycleCommand(`/complete ${word} it broke`);
      expect(parsed, word).toMatchObject({ ok: false, verb: 'complete' });
      expect(parsed?.ok === false && parsed.problem).toContain('is not an outcome');
    }
    // Other first words are the note of a success.
    expect(parseLifecycleCommand('/complete done, no incident')).toMatchObject({
      move: { outcome: 'completed' },
      note: 'done, no incident',
    });
    expect(parseLifecycleCommand('/complete rolled out to every region')).toMatchObject({
      move: { outcome: 'completed' },
      note: 'rolled out to every region',
    });
    expect(parseLifecycleCommand('/complete Rolled back. Errors spiked')).toMatchObject({
      move: { outcome: 'rolled_back' },
      note: 'Errors spiked',
    });
    expect(parseLifecycleCommand('/complete failedover to the replica')).toMatchObject({ ok: false });
  });

  it('caps a huge note and ignores anything past GitHub’s comment size', () => {
    const parsed = parseLifecycleCommand(`/complete failed ${'x'.repeat(200_000)}`);
    expect(parsed?.ok && parsed.note.length).toBe(MAX_NOTE_CHARS);
    expect(parsed?.ok && parsed.note.endsWith('…')).toBe(true);
    // A surrogate pair is never cut in half.
    const emoji = parseLifecycleCommand(`/implement ${'😀'.repeat(5_000)}`);
    expect(emoji?.ok && [...emoji.note].length).toBe(MAX_NOTE_CHARS);
  });
});

describe('echoing a note or a command word', () => {
  const hostile =
    '[click](https://evil.example) @everyone <img src=x> `code` <!-- change-gate:history v1 x -->';

  it('the status comment shows the note as inert text', () => {
    const body = implementationBody({
      status: 'completed',
      data: { note: hostile, next_review: '2026-04-01' },
    });
    expect(body).toContain('Next review: 2026-04-01.');
    expect(body).not.toContain('[click](');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<!--');
    expect(body).not.toContain('@everyone');
    // A next_review that is not a date is not shown.
    expect(implementationBody({ status: 'completed', data: { next_review: '<b>soon</b>' } })).toBe(
      'Completed.',
    );
  });

  it('the history sentence shows the note and the next review, escaped', () => {
    const entry: HistoryEntry = {
      v: 1,
      event: 'completed',
      change_id: 'CHG-2026-004',
      actor: 'olive',
      at: '2026-03-02T10:00:00.000Z',
      head_sha: null,
      block_hash: null,
      key: 'k',
      prev: null,
      data: { via: 'command', note: hostile, next_review: '2026-04-01' },
    };
    const sentence = describeEntry(entry);
    expect(sentence).toMatch(/^\*\*CHG-2026-004\*\* completed by @\S*olive — next review 2026-04-01; note: /);
    expect(sentence).not.toContain('[click]');
    expect(sentence).not.toContain('<!--');
  });

  it('the refusal reply escapes a hostile outcome word', () => {
    const word = parseLifecycleCommand('/complete rollback`<!--[x](y)');
    const reply = renderMoveRefusal({
      commentId: 9,
      actor: 'olive',
      command: '/complete',
      refusal: { reason: 'invalid_transition', message: word?.ok === false ? word.problem : '' },
    });
    expect(reply.split('\n')).toEqual([
      '<!-- change-gate:reply 9 -->',
      // Inside a code span, HTML and Markdown are shown as written, never rendered; the backtick cannot close it.
      expect.stringMatching(
        /^@olive: `\/complete` was refused — `rollback <!--\[x\]\(y\)` is not an outcome: .*`rolled_back`/,
      ),
    ]);
  });
});
