import type { NotificationSender } from '../use-cases/notification-sender.ts';
import type { AppMetrics } from './app-metrics.ts';

/** The sender, with each failed delivery attempt counted by channel (`change_gate_notification_failures_total`). */
export const countFailures = (sender: NotificationSender, metrics: AppMetrics): NotificationSender => ({
  async deliver(delivery, notification) {
    try {
      await sender.deliver(delivery, notification);
    } catch (error) {
      metrics.notificationFailures.inc({ channel: delivery.channel });
      throw error;
    }
  },
});
