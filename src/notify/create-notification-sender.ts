import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { emailMessage } from '../core/notify/email-message.ts';
import { isNotifyEnvName } from '../core/notify/notify-env-name.ts';
import { slackMessage } from '../core/notify/slack-message.ts';
import { webhookPayload } from '../core/notify/webhook-payload.ts';
import { DeliveryError, type NotificationSender } from '../use-cases/notification-sender.ts';
import { postJson } from './post-json.ts';

/**
 * Sends over SMTP (nodemailer), Slack incoming webhooks and Standard Webhooks. Destinations and secrets come
 * from the environment variables the config names (never from the YAML); a variable that is not set fails the
 * delivery for good, with its name.
 */
export const createNotificationSender = (options: {
  env: Record<string, string | undefined>;
}): NotificationSender => {
  const transports = new Map<string, Transporter>();
  const secretOf = (name: string, what: string): string => {
    // The config schema allows no other name; a delivery from elsewhere (a store) is held to it too.
    if (!isNotifyEnvName(name))
      throw new DeliveryError(`${what}: ${JSON.stringify(name)} is not a CHANGE_GATE_NOTIFY_ variable`, {
        retryable: false,
      });
    const value = options.env[name];
    if (!value)
      throw new DeliveryError(`${what}: environment variable ${name} is not set`, { retryable: false });
    return value;
  };
  return {
    async deliver(delivery, notification) {
      if (delivery.channel === 'email') {
        const url = secretOf(delivery.smtpUrlEnv, 'email');
        let transport = transports.get(url);
        if (!transport) {
          // Loaded on the first email: most installations never send one, and the app's process stays smaller.
          const { default: nodemailer } = await import('nodemailer');
          transport = nodemailer.createTransport(url);
          transports.set(url, transport);
        }
        const message = emailMessage(notification);
        try {
          await transport.sendMail({ from: delivery.from, to: delivery.to, ...message });
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          // A 5xx SMTP answer (unknown mailbox, refused sender) will not change on retry; the rest may.
          throw new DeliveryError(
            `the SMTP server refused the email${code ? ` (${code})` : ''}: ${(error as Error).message}`,
            { retryable: code === undefined || code < 500 },
          );
        }
        return;
      }
      if (delivery.channel === 'slack') {
        const url = secretOf(delivery.urlEnv, 'Slack');
        await postJson({ url, body: JSON.stringify(slackMessage(notification)), what: 'the Slack webhook' });
        return;
      }
      const url = secretOf(delivery.urlEnv, 'webhook');
      const secret = secretOf(delivery.secretEnv, 'webhook');
      const body = JSON.stringify(webhookPayload(notification));
      // The same id on every retry, as Standard Webhooks asks: receivers de-duplicate on it.
      const id = `msg_${createHash('sha256').update(delivery.id).digest('hex').slice(0, 32)}`;
      const timestamp = new Date();
      let signature: string;
      try {
        signature = new Webhook(secret).sign(id, timestamp, body);
      } catch (error) {
        throw new DeliveryError(
          `webhook: the secret in ${delivery.secretEnv} cannot sign: ${(error as Error).message}`,
          {
            retryable: false,
          },
        );
      }
      await postJson({
        url,
        body,
        what: 'the webhook receiver',
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
      });
    },
  };
};
