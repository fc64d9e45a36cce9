import { describe, expect, test } from 'vitest';
import { createMergeRequirementCache } from '../../../src/app/create-merge-requirement-cache.ts';
import {
  MERGE_REQUIREMENT_MAX_AGE_MS,
  MERGE_REQUIREMENT_TTL_MS,
  readMergeRequirement,
} from '../../../src/use-cases/read-merge-requirement.ts';

const settingsCounting = (options: { failProtection?: boolean } = {}) => {
  const calls: string[] = [];
  return {
    calls,
    settings: {
      branchRules: async (branch: string) => {
        calls.push(`rules ${branch}`);
        return { requiredChecks: [{ context: 'Change Gate', appId: 42 }], restrictedFilePaths: [] };
      },
      branchProtectionSummary: async (branch: string) => {
        calls.push(`branch ${branch}`);
        if (options.failProtection) throw Object.assign(new Error('Server Error'), { status: 502 });
        return { protected: false, checks: [] };
      },
    },
  };
};

describe('readMergeRequirement', () => {
  const at = (ms: number) => new Date(Date.parse('2026-11-30T10:00:00Z') + ms);

  test('the sweep reads each branch when missing or ten minutes old; an event only uses what is cached', async () => {
    const { calls, settings } = settingsCounting();
    const cache = createMergeRequirementCache();
    const read = (ms: number, branch = 'main', readWhenStale = true) =>
      readMergeRequirement({ settings, cache, repository: 'acme/web', branch, now: at(ms), readWhenStale });
    // An event before any sweep: unknown (no warning), and no read.
    const unknown = await read(0, 'main', false);
    expect(unknown.rulesets.read).toBe(false);
    expect(unknown.protection.read).toBe(false);
    expect(calls).toEqual([]);
    const first = await read(0);
    expect(first.rulesets).toEqual({ read: true, value: [{ context: 'Change Gate', appId: 42 }] });
    await read(MERGE_REQUIREMENT_TTL_MS - 1);
    expect(calls).toEqual(['rules main', 'branch main']);
    // An event uses what the sweep read, however old within a day, and never reads.
    expect(await read(MERGE_REQUIREMENT_TTL_MS * 5, 'main', false)).toEqual(first);
    expect((await read(MERGE_REQUIREMENT_MAX_AGE_MS, 'main', false)).rulesets.read).toBe(false);
    expect(calls).toEqual(['rules main', 'branch main']);
    await read(0, 'release');
    await read(MERGE_REQUIREMENT_TTL_MS);
    expect(calls).toEqual([
      'rules main',
      'branch main',
      'rules release',
      'branch release',
      'rules main',
      'branch main',
    ]);
  });

  test('a read that fails is reported unread with why, never thrown', async () => {
    const { settings } = settingsCounting({ failProtection: true });
    const facts = await readMergeRequirement({
      settings,
      cache: createMergeRequirementCache(),
      repository: 'acme/web',
      branch: 'main',
      now: new Date(),
      readWhenStale: true,
    });
    expect(facts.protection.read).toBe(false);
    expect(facts.protection.read === false && facts.protection.reason).toContain('Server Error');
  });

  test('the cache keeps at most its capacity, dropping the oldest', async () => {
    const cache = createMergeRequirementCache(2);
    const value = {
      at: 0,
      facts: {
        rulesets: { read: false as const, reason: 'x' },
        protection: { read: false as const, reason: 'x' },
      },
    };
    await cache.set('a', value);
    await cache.set('b', value);
    await cache.set('c', value);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBe(value);
    expect(await cache.get('c')).toBe(value);
  });
});
