import { describe, expect, test } from 'vitest';
import { createMergeRequirementCache } from '../../../src/app/create-merge-requirement-cache.ts';
import {
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
  test('reads each branch once per ten minutes, then again', async () => {
    const { calls, settings } = settingsCounting();
    const cache = createMergeRequirementCache();
    const at = (ms: number) => new Date(Date.parse('2026-11-30T10:00:00Z') + ms);
    const read = (ms: number, branch = 'main') =>
      readMergeRequirement({ settings, cache, repository: 'acme/web', branch, now: at(ms) });
    const first = await read(0);
    expect(first.rulesets).toEqual({ read: true, value: [{ context: 'Change Gate', appId: 42 }] });
    await read(MERGE_REQUIREMENT_TTL_MS - 1);
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
    });
    expect(facts.protection.read).toBe(false);
    expect(facts.protection.read === false && facts.protection.reason).toContain('Server Error');
  });

  test('the cache keeps at most its capacity, dropping the oldest', () => {
    const cache = createMergeRequirementCache(2);
    const value = {
      at: 0,
      facts: {
        rulesets: { read: false as const, reason: 'x' },
        protection: { read: false as const, reason: 'x' },
      },
    };
    cache.set('a', value);
    cache.set('b', value);
    cache.set('c', value);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(value);
    expect(cache.get('c')).toBe(value);
  });
});
