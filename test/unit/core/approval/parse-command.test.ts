import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/core/approval/parse-command.ts';
import { MAX_COMMENT_CHARS, MAX_CONDITIONS } from '../../../../src/core/approval/parse-command-limits.ts';

describe('parseCommand', () => {
  it('reads /approve alone', () => {
    expect(parseCommand('/approve')).toEqual({ kind: 'approve', comment: '', conditions: [], problems: [] });
  });

  it('reads the comment on the same line and following lines, and `- ` lines as conditions', () => {
    expect(
      parseCommand(
        '/approve Approved - aligns with compliance\nGood rollback plan.\n- MFA must be tested in staging\n  - notify support',
      ),
    ).toEqual({
      kind: 'approve',
      comment: 'Approved - aligns with compliance\nGood rollback plan.',
      conditions: ['MFA must be tested in staging', 'notify support'],
      problems: [],
    });
  });

  it('is case-insensitive, accepts up to three spaces of indentation and blank lines before it, and CRLF', () => {
    expect(parseCommand('\r\n\r\n   /APPROVE\r\n- one')).toMatchObject({
      kind: 'approve',
      conditions: ['one'],
    });
    expect(parseCommand('/Reject  too risky ')).toMatchObject({ kind: 'reject', reason: 'too risky' });
  });

  it('ignores quoted, indented-code, fenced and mid-line commands, and commands after other text', () => {
    for (const body of [
      '> /approve',
      '    /approve',
      '\t/approve',
      '```\n/approve\n```',
      'please /approve',
      'LGTM\n/approve',
      '`/approve`',
      '',
      '   \n  ',
    ]) {
      expect(parseCommand(body)).toBeNull();
    }
  });

  it('needs the word to end: /approved and /approve-all are not commands', () => {
    expect(parseCommand('/approved')).toBeNull();
    expect(parseCommand('/approve-all')).toBeNull();
    expect(parseCommand('/rejection')).toBeNull();
  });

  it('/reject without a reason is a command with a problem saying a reason is required', () => {
    const command = parseCommand('\n/reject   ');
    expect(command).toMatchObject({ kind: 'reject', reason: '' });
    expect(command!.problems).toEqual([
      expect.objectContaining({
        line: 2,
        severity: 'error',
        message: expect.stringContaining('needs a reason'),
      }),
    ]);
  });

  it('/reject takes its reason from the following lines too', () => {
    expect(parseCommand('/reject\nthe rollback plan is untested')).toEqual({
      kind: 'reject',
      reason: 'the rollback plan is untested',
      problems: [],
    });
  });

  it('dash lines inside a fenced block after /approve are comment text, not conditions', () => {
    const command = parseCommand('/approve\n```\n- not a condition\n```\n- a condition');
    expect(command).toMatchObject({ conditions: ['a condition'] });
    expect(command && command.kind === 'approve' && command.comment).toContain('- not a condition');
  });

  it('caps conditions with one warning, and the length of each', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `- condition ${i} ${'x'.repeat(i === 0 ? 5000 : 1)}`);
    const command = parseCommand(`/approve\n${lines.join('\n')}`);
    if (command?.kind !== 'approve') throw new Error('expected an approve command');
    expect(command.conditions).toHaveLength(MAX_CONDITIONS);
    expect(command.conditions[0]!.length).toBeLessThanOrEqual(500);
    expect(command.problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 2 + MAX_CONDITIONS }),
    ]);
  });

  it('reads only the first 64 KiB of a huge body', () => {
    const command = parseCommand(`/approve\n${'words '.repeat(1_000_000)}\n- hidden condition`);
    if (command?.kind !== 'approve') throw new Error('expected an approve command');
    expect(command.conditions).toEqual([]);
    expect(command.comment.length).toBeLessThanOrEqual(2_000);
    expect(parseCommand(`${' '.repeat(MAX_COMMENT_CHARS)}\n/approve`)).toBeNull();
  });

  it('returns null for a non-string body', () => {
    expect(parseCommand(42 as unknown as string)).toBeNull();
  });
});
