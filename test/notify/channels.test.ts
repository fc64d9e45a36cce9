import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMemorySentDeliveries } from '../../src/app/create-memory-sent-deliveries.ts';
import { notificationDeliveries } from '../../src/core/notify/notification-deliveries.ts';
import { createNotificationSender } from '../../src/notify/create-notification-sender.ts';
import { createNotificationQueue } from '../../src/use-cases/notification-queue.ts';
import { startHttpReceiver, startSmtpSink } from '../support/loopback-receivers.ts';
import { notificationOf } from '../unit/core/notify/notification-fixtures.ts';

const SECRET = `whsec_${Buffer.from('a signing secret of 32 bytes....').toString('base64')}`;

describe('notification channels against real servers on loopback', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterAll(() => smtp.close());

  const queueFor = (env: Record<string, string>) => {
    const warnings: string[] = [];
    const queue = createNotificationQueue({
      sender: createNotificationSender({ env }),
      sent: createMemorySentDeliveries(),
      log: { info: () => {}, warn: (line) => warnings.push(line) },
      retry: { attempts: 4, firstDelayMs: 10, maxDelayMs: 50 },
    });
    return { queue, warnings };
  };

  test('email: the mail arrives at the roles’ addresses with the change ID, title and link', async () => {
    const { queue, warnings } = queueFor({ CHANGE_GATE_NOTIFY_SMTP: smtp.url });
    const notification = notificationOf();
    queue.enqueue(
      notification,
      notificationDeliveries(notification, {
        enabled: true,
        channels: ['email'],
        recipients: ['change-manager'],
        email: {
          from: 'Change Gate <gate@acme.example>',
          smtp_url_env: 'CHANGE_GATE_NOTIFY_SMTP',
          to: { 'change-manager': ['cm@acme.example'], 'security-team': ['sec@acme.example'] },
        },
      }),
    );
    await queue.idle();
    expect(warnings).toEqual([]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.from).toBe('gate@acme.example');
    expect(smtp.mails[0]?.to).toEqual(['cm@acme.example', 'sec@acme.example']);
    expect(smtp.mails[0]?.data).toContain(
      'Subject: [CHG-2026-004] CHG-2026-004 submitted for approval: Implement MFA',
    );
    expect(smtp.mails[0]?.data).toContain('https://github.example/acme/web/pull/4');
  });

  test('Slack: the Block Kit message is posted to the role’s webhook; 500 three times then 200 arrives once', async () => {
    const slack = await startHttpReceiver({ statuses: [500, 500, 500] });
    try {
      const { queue, warnings } = queueFor({
        CHANGE_GATE_NOTIFY_SLACK: `${slack.url}/services/T0/B0/secret`,
      });
      const notification = notificationOf();
      queue.enqueue(notification, [
        { id: 'n1:slack', channel: 'slack', urlEnv: 'CHANGE_GATE_NOTIFY_SLACK', roles: ['change-manager'] },
      ]);
      await queue.idle();
      expect(warnings).toEqual([]);
      expect(slack.received).toHaveLength(4);
      expect(slack.received.at(-1)?.path).toBe('/services/T0/B0/secret');
      const message = JSON.parse(slack.received.at(-1)?.body ?? '{}');
      expect(message.text).toBe('CHG-2026-004 submitted for approval');
      expect(message.blocks[1].text.text).toContain('<https://github.example/acme/web/pull/4|CHG-2026-004>');
    } finally {
      await slack.close();
    }
  });

  test('webhook: signed by Standard Webhooks; the verifier accepts it with the secret and refuses a wrong one', async () => {
    const hook = await startHttpReceiver();
    try {
      const { queue } = queueFor({
        CHANGE_GATE_NOTIFY_HOOK: `${hook.url}/hook`,
        CHANGE_GATE_NOTIFY_HOOK_SECRET: SECRET,
      });
      queue.enqueue(notificationOf(), [
        {
          id: 'n1:webhook',
          channel: 'webhook',
          urlEnv: 'CHANGE_GATE_NOTIFY_HOOK',
          secretEnv: 'CHANGE_GATE_NOTIFY_HOOK_SECRET',
        },
      ]);
      await queue.idle();
      expect(hook.received).toHaveLength(1);
      const [request] = hook.received;
      const headers = {
        'webhook-id': String(request?.headers['webhook-id']),
        'webhook-timestamp': String(request?.headers['webhook-timestamp']),
        'webhook-signature': String(request?.headers['webhook-signature']),
      };
      expect(new Webhook(SECRET).verify(request?.body ?? '', headers)).toMatchObject({
        type: 'change.submitted',
        data: { change_id: 'CHG-2026-004' },
      });
      const wrong = `whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`;
      expect(() => new Webhook(wrong).verify(request?.body ?? '', headers)).toThrow();
    } finally {
      await hook.close();
    }
  });

  test('a channel that is down is retried, then logged, never thrown; an unset variable is named', async () => {
    const down = await startHttpReceiver();
    await down.close();
    const { queue, warnings } = queueFor({ CHANGE_GATE_NOTIFY_SLACK: `${down.url}/x` });
    queue.enqueue(notificationOf(), [
      { id: 'n2:slack', channel: 'slack', urlEnv: 'CHANGE_GATE_NOTIFY_SLACK', roles: ['change-manager'] },
      {
        id: 'n2:email',
        channel: 'email',
        from: 'g@acme.example',
        smtpUrlEnv: 'CHANGE_GATE_NOTIFY_SMTP',
        to: ['x@acme.example'],
      },
    ]);
    await queue.idle();
    expect(warnings.sort()).toEqual([
      'notification not sent: CHG-2026-004 submitted by email after 1 attempt: email: environment variable CHANGE_GATE_NOTIFY_SMTP is not set',
      'notification not sent: CHG-2026-004 submitted by slack after 4 attempts: the Slack webhook could not be reached (ECONNREFUSED)',
    ]);
    expect(warnings.join('\n')).not.toContain(down.url);
  });

  test("a delivery naming a variable the config cannot name (the app's key, Redis' URL) is refused, nothing sent", async () => {
    const hook = await startHttpReceiver();
    try {
      const { queue, warnings } = queueFor({ REDIS_URL: hook.url, PRIVATE_KEY: SECRET });
      queue.enqueue(notificationOf(), [
        { id: 'n3:webhook', channel: 'webhook', urlEnv: 'REDIS_URL', secretEnv: 'PRIVATE_KEY' },
      ]);
      await queue.idle();
      expect(hook.received).toEqual([]);
      expect(warnings).toEqual([
        'notification not sent: CHG-2026-004 submitted by webhook after 1 attempt: webhook: "REDIS_URL" is not a CHANGE_GATE_NOTIFY_ variable',
      ]);
    } finally {
      await hook.close();
    }
  });
});
