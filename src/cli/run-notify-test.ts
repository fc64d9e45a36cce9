import type { ChangeNotification } from '../core/notify/change-notification.ts';
import { notificationDeliveries } from '../core/notify/notification-deliveries.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { NotificationSender } from '../use-cases/notification-sender.ts';

export const NOTIFY_EXIT = { sent: 0, failed: 1, usage: 2 } as const;

/** A sample that says what it is, so nobody acts on it. */
export const sampleNotification = (now: Date): ChangeNotification => ({
  id: `notify-test-${now.getTime()}`,
  event: 'submitted',
  changeId: `CHG-${now.getUTCFullYear()}-000`,
  repository: 'change-gate/notify-test',
  number: 0,
  url: null,
  title: 'Test message from change-gate notify test (no action needed)',
  priority: 'low',
  status: 'Pending approval',
  actor: 'change-gate',
  at: now.toISOString(),
  mustAct: [],
  deadline: null,
  summary: 'A test of the notification channels: if you read this, the channel works.',
});

/**
 * `change-gate notify test`: one sample message to every destination of the config's notifications (every
 * role that has one on each channel), sent once each, with a line per destination. Exit 1 if one failed.
 */
export async function runNotifyTest(options: {
  configPath: string;
  configText: string;
  sender: NotificationSender;
  now: Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}): Promise<number> {
  const loaded = loadPolicy(options.configText);
  if (loaded.status === 'invalid') {
    const problems = loaded.problems.map(
      (problem) => `  ${options.configPath}:${problem.line}:${problem.column}: ${problem.message}`,
    );
    options.stderr(`change-gate notify test: ${options.configPath} is not valid:\n${problems.join('\n')}\n`);
    return NOTIFY_EXIT.usage;
  }
  const { notifications } = loaded.policy;
  const everyRole = [
    ...Object.keys(notifications.email?.to ?? {}),
    ...Object.keys(notifications.slack?.webhook_url_env ?? {}),
  ];
  const sample = { ...sampleNotification(options.now), mustAct: [...new Set(everyRole)] };
  const deliveries = notificationDeliveries(sample, { ...notifications, enabled: true });
  if (deliveries.length === 0) {
    options.stderr(
      `change-gate notify test: ${options.configPath} names no destination: add notifications.email, notifications.slack or notifications.webhook, and list the channel in notifications.channels\n`,
    );
    return NOTIFY_EXIT.usage;
  }
  if (!notifications.enabled)
    options.stdout('notifications.enabled is false: the app sends nothing until it is true.\n');
  let failed = 0;
  for (const delivery of deliveries) {
    const where =
      delivery.channel === 'email'
        ? `email to ${delivery.to.join(', ')} (SMTP from ${delivery.smtpUrlEnv})`
        : delivery.channel === 'slack'
          ? `Slack for ${delivery.roles.join(', ')} (${delivery.urlEnv})`
          : `webhook (${delivery.urlEnv}, signed with ${delivery.secretEnv})`;
    try {
      await options.sender.deliver(delivery, sample);
      options.stdout(`✓ ${where}\n`);
    } catch (error) {
      failed++;
      options.stdout(`✗ ${where}: ${errorMessage(error)}\n`);
    }
  }
  options.stdout(`${deliveries.length - failed} of ${deliveries.length} sent.\n`);
  return failed > 0 ? NOTIFY_EXIT.failed : NOTIFY_EXIT.sent;
}
