import type { ChangeNotification } from '../core/notify/change-notification.ts';
import type { NotificationDelivery } from '../core/notify/notification-deliveries.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { DeliveryError, type NotificationSender, type SentDeliveries } from './notification-sender.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface NotificationQueue {
  /** Starts sending in the background and returns at once: a notification never delays a check or a gate. */
  enqueue(notification: ChangeNotification, deliveries: NotificationDelivery[]): void;
  /** Resolves when everything enqueued so far was sent or given up (tests, shutdown). */
  idle(): Promise<void>;
  /**
   * A stop that ran out of time: the deliveries waiting to be tried again give their claims back and are not
   * tried again here, so that a later evaluation of their change (which notifies the entries of the last
   * RENOTIFY_WINDOW_MS again) sends them, as after a delivery that finally failed. One being sent keeps its
   * claim: it may have arrived. Returns how many were handed back.
   */
  handBack(): Promise<number>;
}

export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 1_000, maxDelayMs: 60_000 };

/**
 * Sends each delivery once (claimed by id first: a redelivered webhook or another process finds it claimed),
 * retrying failures with exponential backoff (honouring a channel's `retry-after`), logging each outcome.
 */
export const createNotificationQueue = (options: {
  sender: NotificationSender;
  sent: SentDeliveries;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}): NotificationQueue => {
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pending = new Set<Promise<void>>();
  /** Deliveries claimed and waiting for their next attempt; once handed back, they are not tried again. */
  const waiting = new Set<string>();
  const handedBack = new Set<string>();

  const send = async (delivery: NotificationDelivery, notification: ChangeNotification): Promise<void> => {
    if (!(await options.sent.claim(delivery.id))) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await options.sender.deliver(delivery, notification);
        options.log.info(
          { change: notification.changeId, event: notification.event, channel: delivery.channel, attempt },
          `notification sent: ${notification.changeId} ${notification.event} by ${delivery.channel}`,
        );
        return;
      } catch (error) {
        const retryable = !(error instanceof DeliveryError) || error.options.retryable;
        if (!retryable || attempt >= retry.attempts) {
          await options.sent.release(delivery.id);
          options.log.warn(
            `notification not sent: ${notification.changeId} ${notification.event} by ${delivery.channel} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${errorMessage(error)}`,
          );
          return;
        }
        const asked = error instanceof DeliveryError ? error.options.retryAfterMs : null;
        const backoff = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempt - 1));
        waiting.add(delivery.id);
        await sleep(Math.min(retry.maxDelayMs, Math.max(asked ?? 0, backoff)));
        waiting.delete(delivery.id);
        if (handedBack.has(delivery.id)) return;
      }
    }
  };

  return {
    enqueue(notification, deliveries) {
      for (const delivery of deliveries) {
        const task = send(delivery, notification).catch((error) =>
          options.log.warn(`notification of ${notification.changeId} failed: ${errorMessage(error)}`),
        );
        pending.add(task);
        void task.finally(() => pending.delete(task));
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async handBack() {
      const ids = [...waiting].filter((id) => !handedBack.has(id));
      for (const id of ids) handedBack.add(id);
      const released = await Promise.allSettled(ids.map((id) => options.sent.release(id)));
      return released.filter((outcome) => outcome.status === 'fulfilled').length;
    },
  };
};
