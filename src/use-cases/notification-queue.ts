import type { ChangeNotification } from '../core/notify/change-notification.ts';
import type { NotificationDelivery } from '../core/notify/notification-deliveries.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { HandedBackNotifications } from './handed-back-notifications.ts';
import { DeliveryError, type NotificationSender, type SentDeliveries } from './notification-sender.ts';
import { RENOTIFY_WINDOW_MS } from './renotify-window.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface NotificationQueue {
  /** Starts sending in the background and returns at once: a notification never delays a check or a gate. */
  enqueue(notification: ChangeNotification, deliveries: NotificationDelivery[]): void;
  /** Resolves when everything enqueued so far was sent or given up (tests, shutdown). */
  idle(): Promise<void>;
  /**
   * A stop that is not clean (out of time, or its server failed to stop): the deliveries waiting to be tried
   * again give their claims back and are not tried again here; each is kept for another replica
   * (`handedBack`, in Redis: its sendHandedBack sends it), and a later evaluation of its change (which notifies
   * the entries of the last RENOTIFY_WINDOW_MS again) may send it too, as after a delivery that finally failed.
   * From then on nothing new is claimed, and a delivery whose attempt fails gives its claim back instead of
   * waiting. One being sent keeps its claim: it may have arrived. Each is logged; returns how many claims were
   * given back.
   */
  handBack(): Promise<number>;
  /**
   * Takes up to `limit` of the deliveries stopped processes handed back (kept in Redis) and sends each as an
   * enqueued one, its claim first; returns how many it took. None while this process hands back itself.
   */
  sendHandedBack(limit: number): Promise<number>;
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
  /** Where a stop's handed-back deliveries are kept for the other replicas (Redis); absent: nowhere. */
  handedBack?: HandedBackNotifications;
}): NotificationQueue => {
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pending = new Set<Promise<unknown>>();
  /** Deliveries claimed and waiting for their next attempt. */
  const waiting = new Map<
    string,
    { delivery: NotificationDelivery; notification: ChangeNotification; receipt: string | undefined }
  >();
  /** Set by handBack: nothing is claimed or tried again any more. */
  let handingBack = false;

  const giveBack = async (delivery: NotificationDelivery, notification: ChangeNotification) => {
    const what = `${notification.changeId} ${notification.event} by ${delivery.channel}`;
    const released = await options.sent.release(delivery.id).catch(() => false);
    const kept = released && (await keep(delivery, notification));
    options.log.warn(
      kept
        ? `notification handed back by a stop: ${what} (kept in Redis: another replica sends it)`
        : released
          ? `notification handed back by a stop: ${what} (an evaluation of the change within ${RENOTIFY_WINDOW_MS / 60_000} minutes of its entry sends it; without one it is not sent)`
          : `notification not handed back by a stop: ${what}: its claim could not be given back (Redis unreachable) and stands until it expires`,
    );
    return { released, kept };
  };

  const keep = (delivery: NotificationDelivery, notification: ChangeNotification): Promise<boolean> =>
    options.handedBack?.keep({ delivery, notification }).catch(() => false) ?? Promise.resolve(false);

  /**
   * `receipt`: taken from another process's hand-back under it (kept again should this one be handing back).
   * True when this process is done with the delivery: sent, found claimed, given up on, or kept again; false
   * when it had to be kept again and could not be (a taken one's lease then runs out, and another replica takes
   * it), or when handBack took it over while it waited (handBack acknowledges it then).
   */
  const send = async (
    delivery: NotificationDelivery,
    notification: ChangeNotification,
    receipt?: string,
  ): Promise<boolean> => {
    if (handingBack) return receipt === undefined || keep(delivery, notification);
    if (!(await options.sent.claim(delivery.id))) return true;
    for (let attempt = 1; ; attempt++) {
      try {
        await options.sender.deliver(delivery, notification);
        options.log.info(
          { change: notification.changeId, event: notification.event, channel: delivery.channel, attempt },
          `notification sent: ${notification.changeId} ${notification.event} by ${delivery.channel}`,
        );
        return true;
      } catch (error) {
        const retryable = !(error instanceof DeliveryError) || error.options.retryable;
        if (!retryable || attempt >= retry.attempts) {
          await options.sent.release(delivery.id);
          options.log.warn(
            `notification not sent: ${notification.changeId} ${notification.event} by ${delivery.channel} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${errorMessage(error)}`,
          );
          return true;
        }
        if (handingBack) return (await giveBack(delivery, notification)).kept;
        const asked = error instanceof DeliveryError ? error.options.retryAfterMs : null;
        const backoff = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempt - 1));
        waiting.set(delivery.id, { delivery, notification, receipt });
        await sleep(Math.min(retry.maxDelayMs, Math.max(asked ?? 0, backoff)));
        // Handed back meanwhile (its claim given back by handBack): not tried again.
        if (!waiting.delete(delivery.id)) return false;
      }
    }
  };

  const track = (task: Promise<unknown>, notification: ChangeNotification): void => {
    const tracked = task.catch((error) =>
      options.log.warn(`notification of ${notification.changeId} failed: ${errorMessage(error)}`),
    );
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };

  return {
    enqueue(notification, deliveries) {
      for (const delivery of deliveries) track(send(delivery, notification), notification);
    },
    async sendHandedBack(limit) {
      const store = options.handedBack;
      if (!store || handingBack) return 0;
      const { taken, dropped } = await store.take(limit);
      if (dropped > 0)
        options.log.warn(
          `${dropped} handed-back notification(s) dropped: not deliveries this app reads, or older than their claims`,
        );
      for (const { item, receipt } of taken) {
        const { delivery, notification } = item;
        options.log.info(
          { change: notification.changeId, event: notification.event, channel: delivery.channel },
          `notification taken from a stopped process's hand-back, to send here (its claim first): ${notification.changeId} ${notification.event} by ${delivery.channel}`,
        );
        // Acknowledged once this process is done with it (send's answer): should it die first, or fail to keep it
        // again at its stop, its lease runs out and another replica takes it (the claim keeps it sent once).
        track(
          send(delivery, notification, receipt).then((done) => (done ? store.done(receipt) : undefined)),
          notification,
        );
      }
      return taken.length;
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async handBack() {
      handingBack = true;
      const waited = [...waiting.values()];
      waiting.clear();
      const released = await Promise.all(
        waited.map(async ({ delivery, notification, receipt }) => {
          const { released, kept } = await giveBack(delivery, notification);
          // One taken from another hand-back and kept again is done with here: its send stays parked in its wait
          // until the process exits, so it would never say so itself. Not kept, its lease runs out instead.
          if (receipt !== undefined && kept) await options.handedBack?.done(receipt);
          return released;
        }),
      );
      return released.filter(Boolean).length;
    },
  };
};
