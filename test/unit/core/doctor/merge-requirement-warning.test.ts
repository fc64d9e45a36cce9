import { describe, expect, test } from 'vitest';
import {
  type MergeRequirementFacts,
  mergeRequirementWarning,
} from '../../../../src/core/doctor/merge-requirement-warning.ts';

const APP = { slug: 'change-gate', id: 42 };
const warn = (facts: MergeRequirementFacts) =>
  mergeRequirementWarning({
    checkName: 'Change Gate',
    app: APP,
    branch: 'main',
    repository: 'acme/web',
    facts,
  });
const unprotected = { read: true as const, value: { protected: false, checks: [] } };

describe('mergeRequirementWarning: the doctor in a change check', () => {
  test('nothing requires the check: a warning naming the branch, the fix and the doctor', () => {
    const text = warn({ rulesets: { read: true, value: [] }, protection: unprotected });
    expect(text).toContain('no active ruleset on main requires the check "Change Gate"');
    expect(text).toContain('with its source set to change-gate (app id 42)');
    expect(text).toContain('`change-gate doctor --repo acme/web`');
  });

  test('a ruleset pinned to this app: no warning', () => {
    expect(
      warn({
        rulesets: { read: true, value: [{ context: 'Change Gate', appId: 42 }] },
        protection: unprotected,
      }),
    ).toBeNull();
  });

  test('classic protection pinned to this app, as a reader sees it: no warning', () => {
    expect(
      warn({
        rulesets: { read: true, value: [] },
        protection: {
          read: true,
          value: { protected: true, checks: [{ context: 'Change Gate', appId: 42 }] },
        },
      }),
    ).toBeNull();
  });

  test('required from any source, or from another app: a warning that anyone could satisfy it', () => {
    for (const appId of [null, 7]) {
      const text = warn({
        rulesets: { read: true, value: [{ context: 'Change Gate', appId }] },
        protection: unprotected,
      });
      expect(text).toContain('any app or status named "Change Gate" could satisfy it');
    }
  });

  test('a protected branch whose checks are another name still warns', () => {
    const text = warn({
      rulesets: { read: true, value: [] },
      protection: { read: true, value: { protected: true, checks: [{ context: 'ci', appId: 1 }] } },
    });
    expect(text).toContain('does not enforce the gate');
  });

  test('rules that could not be read give no warning: only what was seen is reported', () => {
    expect(warn({ rulesets: { read: false, reason: 'HTTP 500' }, protection: unprotected })).toBeNull();
    expect(
      warn({ rulesets: { read: true, value: [] }, protection: { read: false, reason: 'HTTP 403' } }),
    ).toBeNull();
  });
});
