import { describe, expect, test } from 'vitest';
import { SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeScenario } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

// sam also holds security-team-lead here: one person, two roles.
const TWO_ROLES_CONFIG = `${SEED_CONFIG_YAML}\n  roles:\n    security-team-lead:\n      teams: [security-team-lead]\n      users: [sam]\n`;

describe('approvals, end to end (real app process, simulated GitHub)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'approved' });
      seedRepo(sim, { org: 'acme', name: 'not-counted', config: TWO_ROLES_CONFIG });
      seedRepo(sim, { org: 'acme', name: 'rejected' });
    },
  });

  test('approvals by members of every required team turn the check green', async () => {
    const change = await changeScenario(e2e, 'acme/approved').open();
    for (const login of ['sam', 'lee', 'erin']) await change.approve(login);
    expect(change.check()).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(change.check()?.output.title).toContain('3 of 4 roles approved');

    await change.approve('carl');

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(change.labels()).toEqual(['change:approved']);
    expect(change.history()).toEqual(['submitted', 'approved']);
    for (const login of ['sam', 'lee', 'erin', 'carl']) expect(change.summary()).toContain(`@${login}`);
  });

  test("the author's /approve, a non-member's approval and one person for two roles do not count", async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, 'acme/not-counted').open();
    await sim.as('dana').comment({ repo: 'acme/not-counted', number: change.number, body: '/approve' });
    await change.approve('mallory');
    await change.approve('sam');
    await sim.settle();

    expect(change.check()?.output.title).toContain('1 of 4 roles approved');
    const summary = change.summary();
    expect(summary).toMatch(/@dana is the author of the change and cannot approve it/);
    expect(summary).toMatch(/@mallory[^\n]*not/i);
    expect(change.check()?.conclusion).toBeNull();
    expect(change.history()).toEqual(['submitted']);
  });

  test('CHANGES_REQUESTED by a required role fails the check and records the rejection', async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, 'acme/rejected').open();
    await sim.as('sam').review({
      repo: 'acme/rejected',
      number: change.number,
      event: 'REQUEST_CHANGES',
      body: 'The fallback procedure bypasses MFA.',
    });
    await sim.settle();

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.check()?.output.title).toMatch(/^Rejected — CHG-\d{4}-001$/);
    expect(change.summary()).toContain('The fallback procedure bypasses MFA');
    expect(change.labels()).toEqual(['change:rejected']);
    expect(change.history()).toEqual(['submitted', 'rejected']);
  });
});
