import { describe, expect, it } from 'vitest';
import {
  changeOfDirtyKey,
  dirtyChangeKey,
  evaluationJoinKey,
} from '../../../src/use-cases/evaluation-join-key.ts';

const ref = { owner: 'Acme', repo: 'App', number: 7 };
const key = (overrides: Partial<Parameters<typeof evaluationJoinKey>[0]> = {}) =>
  evaluationJoinKey({ installationId: 1, ref, ...overrides });

describe('evaluationJoinKey', () => {
  it('is one key for the same installation and change, whatever the spelling of names', () => {
    expect(key()).not.toBeNull();
    expect(key({ ref: { owner: 'acme', repo: 'app', number: 7 } })).toBe(key());
  });

  it('separates what the evaluation depends on besides GitHub: installation, change', () => {
    const keys = [
      key(),
      key({ installationId: 2 }),
      key({ installationId: null }),
      key({ ref: { ...ref, number: 8 } }),
      key({ ref: { ...ref, repo: 'other' } }),
      key({ ref: { ...ref, owner: 'other' } }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('cannot be forged by names that contain the separators of another key', () => {
    expect(key({ ref: { owner: 'a', repo: 'b#1', number: 2 } })).not.toBe(
      key({ ref: { owner: 'a', repo: 'b', number: 12 } }),
    );
    expect(key({ ref: { owner: 'a","b', repo: 'c', number: 1 } })).not.toBe(
      key({ ref: { owner: 'a', repo: 'b","c', number: 1 } }),
    );
  });

  it('is null for an edit of the steps comment: its ticks are in the event, not in what a re-read sees', () => {
    expect(key({ commentEdit: { commentId: 5, before: '- [ ] a', after: '- [x] a' } })).toBeNull();
  });
});

describe('dirtyChangeKey and changeOfDirtyKey', () => {
  it("name a change in GitHub's own case and read it back; nothing without an installation", () => {
    const member = dirtyChangeKey({ installationId: 12, ref }) as string;
    expect(changeOfDirtyKey(member)).toEqual({ installationId: 12, ref });
    expect(dirtyChangeKey({ installationId: null, ref })).toBeNull();
  });

  it('read anything else as no change', () => {
    for (const member of [
      '',
      'acme/app#7',
      '[12,"Acme","App"]',
      '[12,"Acme","App",0]',
      '[12,"","App",7]',
      '[1.5,"a","b",7]',
      '{"a":1}',
    ]) {
      expect({ member, change: changeOfDirtyKey(member) }).toEqual({ member, change: null });
    }
  });
});
