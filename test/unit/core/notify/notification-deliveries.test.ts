import { describe, expect, test } from 'vitest';
import { notificationDeliveries } from '../../../../src/core/notify/notification-deliveries.ts';
import type { NotificationPolicy } from '../../../../src/core/policy/policy.ts';
import { notificationOf } from './notification-fixtures.ts';

const policy = (overrides: Partial<NotificationPolicy> = {}): NotificationPolicy => ({
  enabled: true,
  channels: ['email', 'slack', 'webhook'],
  recipients: ['change-manager'],
  email: {
    from: 'Change Gate <gate@acme.example>',
    smtp_url_env: 'CHANGE_GATE_NOTIFY_SMTP',
    to: {
      'change-manager': ['cm@acme.example'],
      'security-team': ['sec@acme.example', 'cm@acme.example'],
      'engineering-team': ['eng@acme.example'],
    },
  },
  slack: {
    webhook_url_env: {
      'change-manager': 'CHANGE_GATE_NOTIFY_SLACK_CM',
      'security-team': 'CHANGE_GATE_NOTIFY_SLACK_SEC',
    },
  },
  webhook: { url_env: 'CHANGE_GATE_NOTIFY_HOOK', secret_env: 'CHANGE_GATE_NOTIFY_HOOK_SECRET' },
  ...overrides,
});

describe('notificationDeliveries', () => {
  test('recipients and the roles that must act, routed per channel; one id per event and destination', () => {
    const deliveries = notificationDeliveries(notificationOf(), policy());
    expect(deliveries).toEqual([
      {
        id: `sha256:${'c'.repeat(64)}:email`,
        channel: 'email',
        from: 'Change Gate <gate@acme.example>',
        smtpUrlEnv: 'CHANGE_GATE_NOTIFY_SMTP',
        to: ['cm@acme.example', 'sec@acme.example'],
      },
      {
        id: `sha256:${'c'.repeat(64)}:slack:CHANGE_GATE_NOTIFY_SLACK_CM`,
        channel: 'slack',
        urlEnv: 'CHANGE_GATE_NOTIFY_SLACK_CM',
        roles: ['change-manager'],
      },
      {
        id: `sha256:${'c'.repeat(64)}:slack:CHANGE_GATE_NOTIFY_SLACK_SEC`,
        channel: 'slack',
        urlEnv: 'CHANGE_GATE_NOTIFY_SLACK_SEC',
        roles: ['security-team'],
      },
      {
        id: `sha256:${'c'.repeat(64)}:webhook`,
        channel: 'webhook',
        urlEnv: 'CHANGE_GATE_NOTIFY_HOOK',
        secretEnv: 'CHANGE_GATE_NOTIFY_HOOK_SECRET',
      },
    ]);
  });

  test('two roles on one Slack webhook get one message', () => {
    const deliveries = notificationDeliveries(
      notificationOf(),
      policy({
        channels: ['slack'],
        slack: {
          webhook_url_env: {
            'change-manager': 'CHANGE_GATE_NOTIFY_SLACK',
            'security-team': 'CHANGE_GATE_NOTIFY_SLACK',
          },
        },
      }),
    );
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ roles: ['change-manager', 'security-team'] });
  });

  test('disabled, channels not listed, or no destination for any role: nothing is sent', () => {
    expect(notificationDeliveries(notificationOf(), policy({ enabled: false }))).toEqual([]);
    expect(notificationDeliveries(notificationOf(), policy({ channels: [] }))).toEqual([]);
    const seedOnly: NotificationPolicy = {
      enabled: true,
      channels: ['email', 'slack'],
      recipients: ['change-manager'],
    };
    expect(notificationDeliveries(notificationOf(), seedOnly)).toEqual([]);
    expect(
      notificationDeliveries(
        notificationOf({ mustAct: [] }),
        policy({ channels: ['email'], recipients: ['qa'] }),
      ),
    ).toEqual([]);
  });
});
