import { describe, expect, test } from 'vitest';
import {
  contactMentions,
  escalationContacts,
  isContactMention,
} from '../../../../src/core/escalation/escalation-contacts.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import type { Policy } from '../../../../src/core/policy/policy.ts';

const policyOf = (config: unknown): Policy => {
  const load = loadPolicy(config);
  if (load.status !== 'valid') throw new Error(JSON.stringify(load.problems));
  return load.policy;
};

describe('escalation contacts', () => {
  test('default: the change-manager role, for every level', () => {
    const policy = policyOf({});
    expect(escalationContacts(policy, 'high')).toEqual(['change-manager']);
    expect(escalationContacts(policy, 'emergency')).toEqual(['change-manager']);
  });

  test('per level from escalation.contacts; other levels keep the default', () => {
    const policy = policyOf({
      change_management: { escalation: { contacts: { emergency: ['cto', 'change-manager'] } } },
    });
    expect(escalationContacts(policy, 'emergency')).toEqual(['cto', 'change-manager']);
    expect(escalationContacts(policy, 'low')).toEqual(['change-manager']);
  });

  test('an unknown key or an empty list is refused by the schema', () => {
    expect(loadPolicy({ change_management: { escalation: { contact: {} } } }).status).toBe('invalid');
    expect(loadPolicy({ change_management: { escalation: { contacts: { high: [] } } } }).status).toBe(
      'invalid',
    );
  });

  test('mentions: @org/team for teams, @login for users, no repeats; no teams on a user account', () => {
    const policy = policyOf({
      change_management: {
        roles: { 'change-manager': { teams: ['cab'], users: ['carl'] }, cto: { users: ['carl', 'tess'] } },
      },
    });
    const roles = ['change-manager', 'cto', 'security-team'];
    expect(contactMentions({ policy, roles, owner: 'acme', ownerIsOrg: true })).toEqual([
      '@acme/cab',
      '@carl',
      '@tess',
      '@acme/security-team',
    ]);
    expect(contactMentions({ policy, roles, owner: 'dana', ownerIsOrg: false })).toEqual(['@carl', '@tess']);
  });

  test('only what contactMentions writes counts as a mention', () => {
    expect(isContactMention('@acme/change-manager')).toBe(true);
    expect(isContactMention('@carl')).toBe(true);
    expect(isContactMention('@acme/<b>x</b>')).toBe(false);
    expect(isContactMention('carl')).toBe(false);
    expect(isContactMention('@[x](http://evil)')).toBe(false);
  });
});
