import { describe, expect, test } from 'vitest';
import { notificationOfEntry } from '../../../../src/core/notify/notification-of-entry.ts';
import { entryOf } from './notification-fixtures.ts';

const change = {
  repository: 'acme/web',
  number: 4,
  url: 'https://github.example/acme/web/pull/4',
  title: 'Implement MFA',
  priority: 'high',
  status: 'Pending approval',
  requiredRoles: ['security-team'],
};

describe('notificationOfEntry', () => {
  test('submitted: the roles the entry names must act, by its deadline; the id is the entry key', () => {
    const notification = notificationOfEntry(entryOf(), change);
    expect(notification).toMatchObject({
      id: `sha256:${'c'.repeat(64)}`,
      event: 'submitted',
      changeId: 'CHG-2026-004',
      mustAct: ['security-team', 'change-manager'],
      deadline: '2026-12-01T10:00:00.000Z',
      url: change.url,
    });
    expect(notification?.summary).toMatch(
      /^CHG-2026-004 submitted by dana — needs security-team, change-manager/,
    );
  });

  test('approved and completed: nobody must act and there is no deadline', () => {
    for (const event of ['approved', 'completed'] as const) {
      const notification = notificationOfEntry(
        entryOf({ event, data: { deadline: '2026-12-01T00:00:00Z' } }),
        change,
      );
      expect(notification).toMatchObject({ event, mustAct: [], deadline: null });
    }
  });

  test('an emergency deployed first: the change’s roles owe retroactive approval', () => {
    const notification = notificationOfEntry(
      entryOf({ event: 'emergency_implemented', data: { retroactive_deadline: '2026-11-30T11:00:00Z' } }),
      change,
    );
    expect(notification).toMatchObject({ mustAct: ['security-team'], deadline: '2026-11-30T11:00:00Z' });
  });

  test('events nobody is told about give no notification', () => {
    for (const event of ['invalidated', 'history_tampered', 'step_completed', 'approval_voided'] as const)
      expect(notificationOfEntry(entryOf({ event }), change)).toBeNull();
  });

  test('a garbled deadline or role list in data is not passed on', () => {
    const notification = notificationOfEntry(
      entryOf({ data: { required_roles: 'security-team', deadline: 'tomorrow' } }),
      change,
    );
    expect(notification).toMatchObject({ mustAct: ['security-team'], deadline: null });
  });
});
