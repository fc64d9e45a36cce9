import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EMAIL_ADDRESS, handedBackOf } from '../../../../src/core/notify/handed-back-notification.ts';
import { NOTIFY_ENV_NAME } from '../../../../src/core/notify/notify-env-name.ts';
import { notificationOf } from './notification-fixtures.ts';

const notification = notificationOf();
const webhook = {
  id: `${notification.id}:webhook`,
  channel: 'webhook',
  urlEnv: 'CHANGE_GATE_NOTIFY_HOOK',
  secretEnv: 'CHANGE_GATE_NOTIFY_HOOK_SECRET',
};
const text = (value: unknown) => JSON.stringify(value);

describe('handedBackOf: a handed-back delivery read back', () => {
  test.each([
    ['webhook', webhook],
    [
      'email',
      {
        id: `${notification.id}:email`,
        channel: 'email',
        from: 'g@a.test',
        smtpUrlEnv: 'CHANGE_GATE_NOTIFY_SMTP',
        to: ['c@a.test'],
      },
    ],
    [
      'slack',
      {
        id: `${notification.id}:slack:URL`,
        channel: 'slack',
        urlEnv: 'CHANGE_GATE_NOTIFY_SLACK',
        roles: ['cab'],
      },
    ],
  ])('a %s delivery with its notification, as written', (_channel, delivery) => {
    expect(handedBackOf(text({ delivery, notification }))).toEqual({ delivery, notification });
  });

  test('copies only the fields it knows', () => {
    const read = handedBackOf(text({ delivery: { ...webhook, url: 'https://evil.test' }, notification }));
    expect(read?.delivery).toEqual(webhook);
  });

  test.each([
    ['not JSON', 'not json'],
    ['an array', '[]'],
    ['no delivery', text({ notification })],
    ['an unknown channel', text({ delivery: { ...webhook, channel: 'pager' }, notification })],
    [
      'an email to an address the config cannot name',
      text({
        delivery: {
          id: `${notification.id}:email`,
          channel: 'email',
          from: 'g@a.test',
          smtpUrlEnv: 'CHANGE_GATE_NOTIFY_SMTP',
          to: ['a <b@c.test>'],
        },
        notification,
      }),
    ],
    [
      "a webhook signed with the app's own key",
      text({ delivery: { ...webhook, secretEnv: 'PRIVATE_KEY' }, notification }),
    ],
    [
      'a webhook sent to a URL from another variable',
      text({ delivery: { ...webhook, urlEnv: 'REDIS_URL' }, notification }),
    ],
    ['a webhook without its secret variable', text({ delivery: { ...webhook, secretEnv: 1 }, notification })],
    [
      'a delivery of another notification',
      text({ delivery: { ...webhook, id: 'sha256:other:webhook' }, notification }),
    ],
    [
      'an event nobody is told of',
      text({ delivery: webhook, notification: { ...notification, event: 'voted' } }),
    ],
    [
      'a number that is no issue number',
      text({ delivery: webhook, notification: { ...notification, number: 0 } }),
    ],
    [
      'roles that are not strings',
      text({ delivery: webhook, notification: { ...notification, mustAct: [1] } }),
    ],
    ['a missing title', text({ delivery: webhook, notification: { ...notification, title: undefined } })],
    ['a url that is a number', text({ delivery: webhook, notification: { ...notification, url: 5 } })],
  ])('%s: null', (_what, value) => {
    expect(handedBackOf(value)).toBeNull();
  });
});

describe("the names and addresses a delivery may hold are the config schema's", () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../../../schemas/config.schema.json', import.meta.url), 'utf8'),
  );

  test('channel variables: CHANGE_GATE_NOTIFY_ only, as `secretEnv`', () => {
    expect(NOTIFY_ENV_NAME.source).toBe(schema.$defs.secretEnv.pattern);
  });

  test('email addresses: as `email.to`', () => {
    const patterns: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const fields = node as Record<string, unknown>;
      if (fields.description === 'An email address.' && typeof fields.pattern === 'string')
        patterns.push(fields.pattern);
      for (const value of Object.values(fields)) walk(value);
    };
    walk(schema);
    expect(patterns).toEqual([EMAIL_ADDRESS.source]);
  });
});
