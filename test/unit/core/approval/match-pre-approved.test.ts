import { describe, expect, it } from 'vitest';
import { matchPreApproved } from '../../../../src/core/approval/match-pre-approved.ts';
import type { Change, ChangeForm } from '../../../../src/core/change-request/change.ts';
import type { PreApprovedEntry } from '../../../../src/core/policy/policy.ts';
import { BLOCK } from './approval-builders.ts';

const docs: PreApprovedEntry = {
  id: 'docs-only',
  description: 'Documentation changes',
  change_types: [],
  max_risk_level: 'low',
  paths: ['docs/**', '*.md'],
};
const deps: PreApprovedEntry = {
  id: 'dependency-patch',
  description: 'Patch-level dependency bumps',
  change_types: ['bugfix', 'security'],
  max_risk_level: 'medium',
  paths: ['package.json', 'package-lock.json'],
};

function change(form: Partial<ChangeForm> = {}, extra: Partial<Change> = {}): Change {
  return {
    form: { title: 'Bump lodash', change_type: 'bugfix', priority: 'low', risk_level: 'low', ...form },
    block: { text: '', startLine: 1, hash: BLOCK },
    type: 'bugfix',
    classification: 'standard',
    priority: 'low',
    urgency: 'low',
    ...extra,
  };
}

describe('matchPreApproved', () => {
  it('a standard change within an entry matches it (the first matching entry)', () => {
    expect(
      matchPreApproved({ entries: [docs, deps], change: change(), changedFiles: ['package.json'] }),
    ).toEqual({ entry: deps });
    expect(
      matchPreApproved({
        entries: [docs, deps],
        change: change(),
        changedFiles: ['docs/a/b.md', 'README.md'],
      }),
    ).toEqual({
      entry: docs,
    });
  });

  it('a pre-approved classification is treated like standard', () => {
    const result = matchPreApproved({
      entries: [deps],
      change: change({}, { classification: 'pre-approved' }),
      changedFiles: ['package.json'],
    });
    expect(result.entry).toBe(deps);
  });

  it('a normal or emergency change never matches', () => {
    for (const classification of ['normal', 'emergency'] as const) {
      const result = matchPreApproved({
        entries: [docs],
        change: change({}, { classification }),
        changedFiles: ['README.md'],
      });
      expect(result).toEqual({
        entry: null,
        reasons: [expect.stringContaining(`classified ${classification}`)],
      });
    }
  });

  it('a named entry is the only one checked', () => {
    const result = matchPreApproved({
      entries: [docs, deps],
      change: change({ pre_approved_change: 'dependency-patch' }),
      changedFiles: ['README.md'],
    });
    expect(result).toEqual({
      entry: null,
      reasons: [
        'entry "dependency-patch": README.md is outside the entry\'s paths (package.json, package-lock.json)',
      ],
    });
  });

  it('a named entry that does not exist says so', () => {
    const result = matchPreApproved({
      entries: [docs],
      change: change({ pre_approved_change: 'nope' }),
      changedFiles: [],
    });
    expect(result).toEqual({
      entry: null,
      reasons: ['no entry of the pre-approved catalogue has the id "nope"'],
    });
  });

  it('the type must be one of the entry types', () => {
    const result = matchPreApproved({
      entries: [deps],
      change: change({}, { type: 'feature' }),
      changedFiles: ['package.json'],
    });
    expect(result).toEqual({
      entry: null,
      reasons: ['entry "dependency-patch": type feature is not one of bugfix, security'],
    });
  });

  it('the risk level must be stated and not above the maximum', () => {
    const { risk_level: _, ...noRisk } = change().form;
    expect(
      matchPreApproved({
        entries: [deps],
        change: change({ risk_level: 'medium' }),
        changedFiles: ['package.json'],
      }).entry,
    ).toBe(deps);
    const withoutRisk = { ...change(), form: noRisk };
    expect(
      matchPreApproved({ entries: [deps], change: withoutRisk, changedFiles: ['package.json'] }),
    ).toEqual({
      entry: null,
      reasons: ['entry "dependency-patch": the change states no risk_level'],
    });
    expect(
      matchPreApproved({
        entries: [deps],
        change: change({ risk_level: 'high' }),
        changedFiles: ['package.json'],
      }),
    ).toEqual({
      entry: null,
      reasons: ['entry "dependency-patch": risk level high is above the entry\'s maximum medium'],
    });
  });

  it('every changed file must match a path; the reason names a few and counts the rest', () => {
    const files = ['docs/a.md', 'src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'];
    const result = matchPreApproved({ entries: [docs], change: change(), changedFiles: files });
    expect(result).toEqual({
      entry: null,
      reasons: [
        'entry "docs-only": src/a.ts, src/b.ts, src/c.ts and 1 more are outside the entry\'s paths (docs/**, *.md)',
      ],
    });
  });

  it('an entry limited to paths does not match a change with no changed files (e.g. an issue)', () => {
    const result = matchPreApproved({ entries: [docs], change: change(), changedFiles: [] });
    expect(result.entry).toBeNull();
  });

  it('an entry without paths matches a change with no files', () => {
    const anyFiles = { ...docs, id: 'ops', paths: [] };
    expect(matchPreApproved({ entries: [anyFiles], change: change(), changedFiles: [] })).toEqual({
      entry: anyFiles,
    });
  });

  it('collects the reason of every entry when none match, and handles an empty catalogue', () => {
    const result = matchPreApproved({
      entries: [docs, deps],
      change: change({ risk_level: 'critical' }),
      changedFiles: ['x'],
    });
    expect(result.entry === null && result.reasons).toHaveLength(2);
    expect(matchPreApproved({ entries: [], change: change(), changedFiles: [] })).toEqual({
      entry: null,
      reasons: ['the pre-approved catalogue is empty'],
    });
  });

  it('handles thousands of changed files', () => {
    const files = Array.from({ length: 3_000 }, (_, i) => `docs/section-${i}/page.md`);
    expect(matchPreApproved({ entries: [docs], change: change(), changedFiles: files })).toEqual({
      entry: docs,
    });
  });
});
