import { describe, expect, test } from 'vitest';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const APPROVERS = ['sam', 'erin', 'carl', 'lee'];

const submitted = async (options: Parameters<typeof createReconcileHarness>[0] = {}) => {
  const harness = createReconcileHarness(options);
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  return { harness, pr };
};

const approveAll = async (
  harness: ReturnType<typeof createReconcileHarness>,
  pr: number,
  logins: string[] = APPROVERS,
) => {
  for (const login of logins) {
    harness.github.review(pr, { author: login, state: 'APPROVED' });
    harness.advance(MINUTE);
    await harness.reconcile(pr, login);
  }
};

const events = (harness: ReturnType<typeof createReconcileHarness>, pr: number) =>
  harness.history(pr).entries.map((verified) => verified.entry.event);

describe('approvals by priority', () => {
  test('members of every required team approve → the check succeeds and approved is recorded once', async () => {
    const { harness, pr } = await submitted();
    await approveAll(harness, pr);

    const check = harness.latestCheck(pr);
    expect(check?.conclusion).toBe('success');
    expect(check?.outputTitle).toBe('Approved — CHG-2026-001');
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
    const approved = harness.history(pr).entries[1]?.entry;
    expect(approved?.data.approvers).toEqual({
      'security-team': ['sam'],
      'engineering-manager': ['erin'],
      'change-manager': ['carl'],
      'security-team-lead': ['lee'],
    });
    expect(approved?.head_sha).toBe(harness.github.get(pr).headSha);

    await harness.reconcile(pr);
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
  });

  test("the author's own approval does not count", async () => {
    const { harness, pr } = await submitted({ teams: { 'change-manager': ['dana', 'carl'] } });
    harness.github.setTeam('security-team', ['sam']);
    harness.github.setTeam('security-team-lead', ['lee']);
    harness.github.setTeam('engineering-manager', ['erin']);
    await approveAll(harness, pr, ['sam', 'erin', 'lee', 'dana']);
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
    expect(harness.latestCheck(pr)?.outputSummary).toContain('dana');
    expect(events(harness, pr)).toEqual(['submitted']);
  });

  test("a non-member's approval does not count", async () => {
    const { harness, pr } = await submitted();
    await approveAll(harness, pr, ['sam', 'erin', 'lee', 'mallory']);
    expect(harness.latestCheck(pr)?.outputTitle).toBe(
      'Pending approval — CHG-2026-001: 3 of 4 roles approved',
    );
  });

  test('one person cannot satisfy two roles', async () => {
    const { harness, pr } = await submitted({
      teams: {
        'security-team': ['sam'],
        'security-team-lead': ['sam'],
        'engineering-manager': ['erin'],
        'change-manager': ['carl'],
      },
    });
    await approveAll(harness, pr, ['sam', 'erin', 'carl']);
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
    expect(harness.latestCheck(pr)?.outputTitle).toContain('3 of 4 roles approved');
  });

  test('an approval given before a new push does not count, and the recorded approval is voided', async () => {
    const { harness, pr } = await submitted();
    await approveAll(harness, pr);
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');

    harness.github.push(pr);
    await harness.reconcile(pr, 'dana');

    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
    expect(harness.latestCheck(pr)?.outputTitle).toContain('0 of 4 roles approved');
    expect(events(harness, pr)).toEqual(['submitted', 'approved', 'approval_voided']);
    expect(harness.github.get(pr).labels).toContain('change:pending-approval');
  });

  test('an approval given before the priority was lowered does not count', async () => {
    const { harness, pr } = await submitted();
    await approveAll(harness, pr, ['erin', 'carl']);

    harness.github.edit(pr, {
      body: SEED_PR_BODY.replace('priority: "high"', 'priority: "medium"').replace(
        'urgency: "high"',
        'urgency: "medium"',
      ),
    });
    harness.advance(MINUTE);
    await harness.reconcile(pr, 'dana');

    const check = harness.latestCheck(pr);
    // medium needs engineering-manager + change-manager (+ the form's security-team-lead): the earlier
    // approvals were on the high-priority block and are void.
    expect(check?.conclusion).toBeNull();
    expect(check?.outputTitle).toContain('0 of 3 roles approved');
    expect(events(harness, pr)).toEqual(['submitted', 'invalidated']);
  });

  test('CHANGES_REQUESTED by a required role rejects the change until withdrawn', async () => {
    const { harness, pr } = await submitted();
    await approveAll(harness, pr, ['erin', 'carl', 'lee']);
    harness.github.review(pr, { author: 'sam', state: 'CHANGES_REQUESTED', body: 'MFA fallback is unsafe' });
    await harness.reconcile(pr, 'sam');

    expect(harness.latestCheck(pr)?.conclusion).toBe('failure');
    expect(harness.latestCheck(pr)?.outputTitle).toBe('Rejected — CHG-2026-001');
    expect(harness.github.get(pr).labels).toContain('change:rejected');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected']);

    harness.advance(MINUTE);
    harness.github.review(pr, { author: 'sam', state: 'APPROVED' });
    await harness.reconcile(pr, 'sam');
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected', 'approved']);
  });

  test('/approve comments count on a PR once posted after the head commit was seen', async () => {
    const { harness, pr } = await submitted();
    for (const login of APPROVERS) {
      harness.github.comment(pr, {
        author: login,
        body: '/approve\n- MFA must be tested in staging before production',
      });
      harness.advance(MINUTE);
    }
    await harness.reconcile(pr, 'lee');
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(harness.history(pr).entries[1]?.entry.data.conditions).toEqual([
      'MFA must be tested in staging before production',
    ]);
  });

  test('an edited /approve comment never counts', async () => {
    const { harness, pr } = await submitted();
    await approveAll(harness, pr, ['erin', 'carl', 'lee']);
    const id = harness.github.comment(pr, { author: 'sam', body: 'looks fine' });
    harness.advance(MINUTE);
    harness.github.editComment(id, '/approve');
    await harness.reconcile(pr, 'sam');
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
  });

  test('/approve works on an issue-based change', async () => {
    const harness = createReconcileHarness();
    const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(issue);
    harness.advance(MINUTE);
    for (const login of APPROVERS) {
      harness.github.comment(issue, { author: login, body: '/approve' });
      harness.advance(MINUTE);
    }
    const decision = await harness.reconcile(issue, 'lee');
    expect(decision.status).toBe('approved');
    expect(harness.github.get(issue).labels).toEqual(['change', 'change:approved']);
    expect(events(harness, issue)).toEqual(['submitted', 'approved']);
  });

  test('/reject with a reason rejects and says why', async () => {
    const { harness, pr } = await submitted();
    harness.github.comment(pr, { author: 'carl', body: '/reject no maintenance window booked' });
    const decision = await harness.reconcile(pr, 'carl');
    expect(decision.status).toBe('rejected');
    expect(harness.history(pr).entries[1]?.entry.data.reason).toContain('no maintenance window booked');
  });
});

describe('pre-approved standard changes', () => {
  test('a change matching the catalogue is approved by policy, and the check names the entry', async () => {
    const harness = createReconcileHarness({
      config: {
        change_management: {
          pre_approved: [
            {
              id: 'dependency-bump',
              description: 'Patch-level dependency updates',
              change_types: ['bugfix'],
              max_risk_level: 'low',
              paths: ['package.json', 'package-lock.json'],
            },
          ],
        },
      },
    });
    const body = [
      '```yaml',
      'change_request:',
      '  title: "Bump lodash"',
      '  change_type: bugfix',
      '  classification: standard',
      '  pre_approved_change: dependency-bump',
      '  priority: low',
      '  risk_level: low',
      '  affected_systems: [api]',
      '  rollback_plan: "Revert the commit"',
      '```',
    ].join('\n');
    const pr = harness.github.openPullRequest({
      author: 'dana',
      body,
      labels: ['change'],
      files: ['package.json', 'package-lock.json'],
    });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBe('approved');
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(harness.latestCheck(pr)?.outputSummary).toContain('dependency');
    expect(harness.history(pr).entries[1]?.entry.data.pre_approved).toBe('dependency-bump');
  });
});

describe('testing requirements', () => {
  const config = {
    change_management: { testing: { required_checks: ['unit-tests'], coverage_check: 'coverage' } },
  };

  test('an approved security change waits for the required checks and the coverage bar', async () => {
    const { harness, pr } = await submitted({ config });
    await approveAll(harness, pr);
    expect(harness.latestCheck(pr)?.outputTitle).toBe('Waiting for tests — CHG-2026-001');
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();

    harness.github.ciCheck(pr, { name: 'unit-tests', conclusion: 'success' });
    harness.github.ciCheck(pr, { name: 'coverage', conclusion: 'success', title: 'Coverage: 71.5%' });
    await harness.reconcile(pr, 'ci');
    expect(harness.latestCheck(pr)?.outputTitle).toBe('Tests failed — CHG-2026-001');
    expect(harness.latestCheck(pr)?.conclusion).toBe('failure');
    expect(harness.latestCheck(pr)?.outputSummary).not.toContain('Approved —');

    harness.advance(MINUTE);
    harness.github.ciCheck(pr, { name: 'coverage', conclusion: 'success', title: 'Coverage: 86.0%' });
    await harness.reconcile(pr, 'ci');
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
  });
});
