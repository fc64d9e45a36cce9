import { describe, expect, it } from 'vitest';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import {
  type EmergencyConfirmationInput,
  emergencyConfirmation,
} from '../../../../src/core/emergency/emergency-confirmation.ts';
import { isEmergencyCommand } from '../../../../src/core/emergency/is-emergency-command.ts';

const HEAD = 'a'.repeat(40);
const BLOCK = `sha256:${'1'.repeat(64)}`;
const OLD_BLOCK = `sha256:${'2'.repeat(64)}`;

let nextId = 100;
const comment = (author: string, body = '/emergency', overrides: Partial<CommentFact> = {}): CommentFact => ({
  id: nextId++,
  author,
  authorIsBot: false,
  body,
  createdAt: '2026-07-01T12:00:00Z',
  updatedAt: '2026-07-01T12:00:00Z',
  edited: false,
  ...overrides,
});

const input = (comments: CommentFact[], overrides: Partial<EmergencyConfirmationInput> = {}) =>
  emergencyConfirmation({
    roles: [{ name: 'incident-commanders', holders: { teams: ['incident-commanders'], users: [] } }],
    teamMembers: { 'incident-commanders': ['lee', 'erin', 'dana'] },
    author: 'dana',
    comments,
    headSha: HEAD,
    headEpoch: { reviewsFrom: null, commentsAfter: null, commentsAfterId: 50 },
    blockHash: BLOCK,
    blockTimeline: [{ at: '2026-07-01T10:00:00Z', hash: BLOCK }],
    ...overrides,
  });

describe('emergencyConfirmation', () => {
  it('counts an /emergency by a holder of an emergency role other than the author', () => {
    const result = input([comment('lee')]);
    expect(result.confirmedBy).toMatchObject({ login: 'lee', roles: ['incident-commanders'] });
  });

  it('refuses the author, even when they hold the role', () => {
    const result = input([comment('dana')]);
    expect(result.confirmedBy).toBeNull();
    expect(result.refused[0]).toMatch(/@dana is the author of the change/);
  });

  it('refuses someone who holds no emergency role, and a team it cannot read', () => {
    expect(input([comment('mallory')]).refused[0]).toMatch(/@mallory holds none of the emergency roles/);
    const unreadable = input([comment('lee')], { teamMembers: { 'incident-commanders': null } });
    expect(unreadable.confirmedBy).toBeNull();
    expect(unreadable.refused[0]).toMatch(/could not be read/);
  });

  it('refuses an edited comment, a commit author and everyone when the commits are unknown', () => {
    expect(input([comment('lee', '/emergency', { edited: true })]).refused[0]).toMatch(/was edited/);
    const committer = input([comment('lee')], { excluded: [{ login: 'LEE', reason: 'committed to it' }] });
    expect(committer.confirmedBy).toBeNull();
    expect(committer.refused[0]).toBe('@lee committed to it');
    expect(input([comment('lee')], { excludeEveryone: 'cannot approve' }).confirmedBy).toBeNull();
  });

  it('refuses a confirmation posted before the current head (stale SHA) or on an earlier block', () => {
    const stale = input([comment('lee', '/emergency', { id: 10 })]);
    expect(stale.confirmedBy).toBeNull();
    expect(stale.refused[0]).toMatch(/before .* became the head/);
    const edited = input([comment('lee')], {
      blockTimeline: [
        { at: '2026-07-01T10:00:00Z', hash: OLD_BLOCK },
        { at: '2026-07-01T13:00:00Z', hash: BLOCK },
      ],
    });
    expect(edited.confirmedBy).toBeNull();
    expect(edited.refused[0]).toMatch(/earlier version of the change block/);
  });

  it('ignores bots, quoted and later-line commands, and takes the earliest that counts', () => {
    const result = input([
      comment('change-gate[bot]', '/emergency', { authorIsBot: true }),
      comment('lee', '> /emergency'),
      comment('lee', 'we should\n/emergency'),
      comment('erin', '/emergency', { createdAt: '2026-07-01T12:05:00Z' }),
      comment('lee', '/emergency', { createdAt: '2026-07-01T12:01:00Z' }),
    ]);
    expect(result.confirmedBy?.login).toBe('lee');
    expect(result.refused).toEqual([]);
  });
});

describe('isEmergencyCommand', () => {
  it('reads the first non-blank line only, up to three spaces of indentation', () => {
    expect(isEmergencyCommand('\n  /emergency checkout is down')).toBe(true);
    expect(isEmergencyCommand('/EMERGENCY')).toBe(true);
    expect(isEmergencyCommand('    /emergency')).toBe(false);
    expect(isEmergencyCommand('/emergency-fix')).toBe(false);
    expect(isEmergencyCommand('please\n/emergency')).toBe(false);
  });
});
