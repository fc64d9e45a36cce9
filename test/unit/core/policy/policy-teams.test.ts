import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { policyTeams } from '../../../../src/core/policy/policy-teams.ts';

describe('policyTeams', () => {
  it("names the teams of every level's approvers once, in the policy's order, through the roles map", () => {
    const policy = defaultPolicy();
    policy.approval_workflow = {
      high: { approvers: ['security-team', 'change-manager'], approval_timeout: '24h' },
      low: { approvers: ['Security-Team', 'release'], approval_timeout: '48h' },
    } as typeof policy.approval_workflow;
    policy.roles = { release: { teams: ['release-managers', 'sre'], users: ['ops-bot'] } };
    expect(policyTeams(policy)).toEqual(['security-team', 'change-manager', 'release-managers', 'sre']);
  });

  it('a role held by users only names no team', () => {
    const policy = defaultPolicy();
    policy.approval_workflow = {
      low: { approvers: ['owner'], approval_timeout: '48h' },
    } as typeof policy.approval_workflow;
    policy.roles = { owner: { teams: [], users: ['alice'] } };
    expect(policyTeams(policy)).toEqual([]);
  });
});
