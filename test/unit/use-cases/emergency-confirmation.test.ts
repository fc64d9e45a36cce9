import { describe, expect, test } from 'vitest';
import { EMERGENCY_BODY, emergencyBlock } from '../../support/change-bodies.ts';
import { createReconcileHarness, SEED_CONFIG } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const events = (harness: ReturnType<typeof createReconcileHarness>, pr: number) =>
  harness.history(pr).entries.map((verified) => verified.entry.event);

/** The seed's emergency level: security-team-lead (lee) and engineering-manager (erin). */
const opened = async (body = EMERGENCY_BODY) => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body, labels: ['change'] });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  return { harness, pr };
};

const confirm = async (harness: ReturnType<typeof createReconcileHarness>, pr: number, login: string) => {
  harness.github.comment(pr, { author: login, body: '/emergency' });
  await harness.reconcile(pr, login);
  harness.advance(MINUTE);
};

describe('emergency changes before approval', () => {
  test('an emergency change without emergency_reason is invalid, pointing at the urgency line', async () => {
    const { harness, pr } = await opened(`Checkout is down.\n\n${emergencyBlock([])}`);
    const check = harness.latestCheck(pr);
    expect(check?.conclusion).toBe('failure');
    const summary = (check?.outputSummary ?? '').replace(/\\(.)/g, '$1');
    // `urgency:` is the block's 5th line (`change_request:` is its first).
    expect(summary).toContain(
      'emergency_reason: missing; an emergency change (urgency: emergency) must name one of critical_security_vulnerability, system_outage, data_breach, compliance_violation (block line 5)',
    );
  });

  test('the author alone gets nothing; an emergency approver confirms, the check passes and the confirmation is recorded', async () => {
    const { harness, pr } = await opened();
    await confirm(harness, pr, 'dana');
    await confirm(harness, pr, 'carl');
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
    expect(events(harness, pr)).toEqual(['submitted']);

    await confirm(harness, pr, 'lee');
    const check = harness.latestCheck(pr);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(check?.outputTitle).toBe(
      'Emergency change confirmed by @lee — retroactive approval owed (CHG-2026-001)',
    );
    expect(events(harness, pr)).toEqual(['submitted', 'emergency_confirmed']);
    expect(harness.history(pr).entries[1]?.entry).toMatchObject({
      actor: 'lee',
      data: { reason: 'system_outage' },
    });
    expect(harness.github.get(pr).labels.sort()).toEqual([
      'change',
      'change:emergency',
      'change:pending-approval',
    ]);
    // Evaluating again records nothing more.
    await harness.reconcile(pr);
    expect(events(harness, pr)).toEqual(['submitted', 'emergency_confirmed']);
  });

  test('a later push or an edit of the block needs a new confirmation', async () => {
    const { harness, pr } = await opened();
    await confirm(harness, pr, 'lee');
    harness.github.push(pr);
    await harness.reconcile(pr);
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');

    await confirm(harness, pr, 'erin');
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    harness.github.edit(pr, { body: EMERGENCY_BODY.replace('priority: high', 'priority: critical') });
    await harness.reconcile(pr);
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
    expect(events(harness, pr)).toEqual([
      'submitted',
      'emergency_confirmed',
      'emergency_confirmed',
      'invalidated',
    ]);
  });

  test('a rejection by an emergency approver stops a confirmed change', async () => {
    const { harness, pr } = await opened();
    await confirm(harness, pr, 'lee');
    harness.github.comment(pr, { author: 'erin', body: '/reject the fix is wrong' });
    await harness.reconcile(pr, 'erin');
    expect(harness.latestCheck(pr)?.conclusion).toBe('failure');
    expect(events(harness, pr).at(-1)).toBe('rejected');
  });

  test('with require_confirmation: false the valid emergency change passes at once', async () => {
    const harness = createReconcileHarness();
    const config = SEED_CONFIG as { change_management: Record<string, unknown> };
    harness.github.setConfig({
      change_management: { ...config.change_management, emergency: { require_confirmation: false } },
    });
    const pr = harness.github.openPullRequest({ author: 'dana', body: EMERGENCY_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    expect(harness.latestCheck(pr)).toMatchObject({ conclusion: 'success' });
    expect(harness.latestCheck(pr)?.outputTitle).toMatch(/no confirmation required/);
    expect(events(harness, pr)).toEqual(['submitted']);
  });
});
