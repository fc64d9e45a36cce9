import { describe, expect, it } from 'vitest';
import type { Change } from '../../../../src/core/change-request/change.ts';
import type { CheckRunFact, CommitStatusFact } from '../../../../src/core/decision/change-facts.ts';
import { evaluateTesting, type TestingInput } from '../../../../src/core/testing/evaluate-testing.ts';
import { BLOCK, HEAD, OLD_SHA } from '../approval/approval-builders.ts';

const change: Change = {
  form: { title: 'MFA', change_type: 'security_enhancement', priority: 'high' },
  block: { text: '', startLine: 1, hash: BLOCK },
  type: 'security',
  classification: 'normal',
  priority: 'high',
  urgency: 'high',
};

let id = 100;
function run(name: string, extra: Partial<CheckRunFact> = {}): CheckRunFact {
  return {
    id: id++,
    name,
    status: 'completed',
    conclusion: 'success',
    appId: 15368,
    appSlug: 'github-actions',
    headSha: HEAD,
    outputTitle: null,
    outputSummary: null,
    startedAt: null,
    ...extra,
  };
}

function input(extra: Partial<TestingInput> = {}): TestingInput {
  return {
    testing: {
      required_for: ['security', 'infrastructure'],
      test_environments: ['staging'],
      test_coverage_required: 80,
      required_checks: ['unit', 'integration'],
      coverage_check: 'coverage',
      trusted_apps: ['github-actions'],
      trusted_contexts: [],
    },
    change,
    checkRuns: [run('unit'), run('integration'), run('coverage', { outputTitle: 'Coverage: 83.4%' })],
    statuses: [],
    requiresTesting: true,
    headSha: HEAD,
    ...extra,
  };
}

describe('evaluateTesting', () => {
  it('all required checks succeeded and coverage is above the bar → ok', () => {
    expect(evaluateTesting(input())).toEqual({
      ok: true,
      pending: [],
      failed: [],
      coverage: { required: 80, actual: 83.4, source: 'check run "coverage"', ok: true },
      messages: [],
    });
  });

  it('testing not required → ok, whatever the checks say', () => {
    const outcome = evaluateTesting(input({ requiresTesting: false, checkRuns: [] }));
    expect(outcome).toMatchObject({ ok: true, pending: [], failed: [], coverage: null });
    expect(outcome.messages).toEqual(['testing is not required for type security']);
  });

  it('a missing or running required check is pending', () => {
    const outcome = evaluateTesting(
      input({
        checkRuns: [
          run('unit', { status: 'in_progress', conclusion: null }),
          run('coverage', { outputTitle: 'Coverage: 90%' }),
        ],
      }),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.pending).toEqual(['unit', 'integration']);
    expect(outcome.messages).toEqual([
      'required check "unit" is in progress',
      'required check "integration" has not run on 9f8e7d6',
    ]);
  });

  it('failed, neutral and skipped conclusions fail', () => {
    for (const conclusion of ['failure', 'neutral', 'skipped', 'cancelled']) {
      const outcome = evaluateTesting(
        input({ checkRuns: [...input().checkRuns, run('unit', { conclusion })] }),
      );
      expect(outcome.failed).toEqual(['unit']);
      expect(outcome.messages[0]).toContain(`concluded ${conclusion}`);
    }
  });

  it('the latest run of a name counts (highest id), in any order', () => {
    const older = run('unit', { conclusion: 'failure' });
    const newer = run('unit');
    expect(
      evaluateTesting(
        input({ checkRuns: [newer, run('integration'), older, run('coverage', { outputTitle: '90%' })] }),
      ).ok,
    ).toBe(true);
    const rerunFailed = run('unit', { conclusion: 'failure' });
    expect(
      evaluateTesting(
        input({
          checkRuns: [rerunFailed, newer, run('integration'), run('coverage', { outputTitle: '90%' })],
        }),
      ).failed,
    ).toEqual(['unit']);
  });

  it('runs on another commit do not count', () => {
    const outcome = evaluateTesting(
      input({ checkRuns: input().checkRuns.map((r) => ({ ...r, headSha: OLD_SHA })) }),
    );
    expect(outcome.pending).toEqual(['unit', 'integration', 'coverage']);
  });

  it('a run of the same name from an app the policy does not trust proves nothing, and says so', () => {
    const outcome = evaluateTesting(
      input({
        checkRuns: [
          run('unit', { appId: 666, appSlug: 'evil-ci' }),
          run('integration'),
          run('coverage', { outputTitle: '90%' }),
        ],
      }),
    );
    expect(outcome.pending).toEqual(['unit']);
    expect(outcome.messages).toEqual([
      expect.stringMatching(
        /^required check "unit" has no trusted result on .*check run by app evil-ci, which is not trusted \(testing\.trusted_apps: github-actions;.*counts for nothing$/,
      ),
    ]);
  });

  it('trusted apps are named by slug (any case) or by id', () => {
    const byId = input({ testing: { ...input().testing, trusted_apps: [666] } });
    const evil = [
      run('unit', { appId: 666, appSlug: 'evil-ci' }),
      run('integration', { appId: 666, appSlug: 'x' }),
    ];
    expect(
      evaluateTesting({ ...byId, checkRuns: [...evil, run('coverage', { appId: 666, outputTitle: '90%' })] })
        .ok,
    ).toBe(true);
    const bySlug = input({ testing: { ...input().testing, trusted_apps: ['GitHub-Actions'] } });
    expect(evaluateTesting(bySlug).ok).toBe(true);
  });

  it('a run named like our own check is never a test result, even from a trusted app', () => {
    const outcome = evaluateTesting(
      input({
        testing: { ...input().testing, required_checks: ['Change Gate'] },
        checkRuns: [run('Change Gate'), run('coverage', { outputTitle: '90%' })],
        ownCheckName: 'Change Gate',
      }),
    );
    expect(outcome.pending).toEqual(['Change Gate']);
  });

  it('coverage below the requirement fails with both numbers', () => {
    const outcome = evaluateTesting(
      input({
        checkRuns: [run('unit'), run('integration'), run('coverage', { outputSummary: 'Coverage: 71.2%' })],
      }),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.failed).toEqual(['coverage']);
    expect(outcome.coverage).toEqual({
      required: 80,
      actual: 71.2,
      source: 'check run "coverage"',
      ok: false,
    });
    expect(outcome.messages).toEqual(['coverage is 71.2% (check run "coverage"), below the required 80%']);
  });

  it('coverage configured but not reported yet is pending', () => {
    const outcome = evaluateTesting(input({ checkRuns: [run('unit'), run('integration')] }));
    expect(outcome.pending).toEqual(['coverage']);
    expect(outcome.coverage).toEqual({ required: 80, actual: null, source: 'none', ok: false });
  });

  it('a coverage check without a percentage fails and says it could not be read', () => {
    const outcome = evaluateTesting(
      input({ checkRuns: [run('unit'), run('integration'), run('coverage', { outputTitle: 'done' })] }),
    );
    expect(outcome.failed).toEqual(['coverage']);
    expect(outcome.messages).toEqual([
      'coverage could not be read from the check run "coverage": no percentage found',
    ]);
  });

  it('coverage can come from a trusted commit status; several statuses → the lowest', () => {
    const statuses: CommitStatusFact[] = [
      { context: 'coverage', state: 'success', description: 'Coverage 92%', creator: 'github-actions[bot]' },
      { context: 'coverage', state: 'success', description: 'Coverage 79%', creator: 'github-actions[bot]' },
    ];
    const testing = { ...input().testing, trusted_contexts: ['coverage'] };
    const outcome = evaluateTesting(
      input({ testing, checkRuns: [run('unit'), run('integration')], statuses }),
    );
    expect(outcome.coverage).toEqual({ required: 80, actual: 79, source: 'status "coverage"', ok: false });
    const pending = evaluateTesting(
      input({
        testing,
        checkRuns: [run('unit'), run('integration')],
        statuses: [
          { context: 'coverage', state: 'pending', description: null, creator: 'github-actions[bot]' },
        ],
      }),
    );
    expect(pending.pending).toEqual(['coverage']);
  });

  it('a commit status counts only in a trusted context and from its creators; anyone else’s counts for nothing', () => {
    const status = (creator: string | null): CommitStatusFact => ({
      context: 'coverage',
      state: 'success',
      description: 'coverage 99%',
      creator,
    });
    const checkRuns = [run('unit'), run('integration')];
    const untrusted = evaluateTesting(input({ checkRuns, statuses: [status('mallory')] }));
    expect(untrusted.pending).toEqual(['coverage']);
    expect(untrusted.messages[0]).toMatch(/status by mallory, which is not trusted .*counts for nothing/);
    const named = { ...input().testing, trusted_contexts: [{ context: 'coverage', creators: ['ci-bot'] }] };
    expect(
      evaluateTesting(input({ testing: named, checkRuns, statuses: [status('mallory')] })).pending,
    ).toEqual(['coverage']);
    expect(evaluateTesting(input({ testing: named, checkRuns, statuses: [status(null)] })).pending).toEqual([
      'coverage',
    ]);
    expect(evaluateTesting(input({ testing: named, checkRuns, statuses: [status('CI-bot')] })).ok).toBe(true);
  });

  it('coverage required without a coverage_check is not enforced, and says so', () => {
    const outcome = evaluateTesting(input({ testing: { ...input().testing, coverage_check: '' } }));
    expect(outcome.ok).toBe(true);
    expect(outcome.coverage).toBeNull();
    expect(outcome.messages).toEqual([
      'coverage of 80% is required but not enforced: no coverage_check is configured',
    ]);
  });

  it('an issue-based change (no commit) cannot have passed required checks', () => {
    const outcome = evaluateTesting(input({ headSha: null }));
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toBe('required check "unit" cannot have run: the change has no commit');
  });
});
