import type { ChangeNotification } from '../core/notify/change-notification.ts';
import type { NotificationDelivery } from '../core/notify/notification-deliveries.ts';

/** A delivery that failed; `retryAfterMs` when the channel said when to try again (HTTP 429/503 `retry-after`). */
export class DeliveryError extends Error {
  readonly options: { retryable: boolean; retryAfterMs?: number | null };
  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | null } = { retryable: true },
  ) {
    super(message);
    this.name = 'DeliveryError';
    this.options = options;
  }
}

/** Sends one delivery over its channel (SMTP, Slack, a signed webhook). Implemented in `src/notify/`. */
export interface NotificationSender {
  deliver(delivery: NotificationDelivery, notification: ChangeNotification): Promise<void>;
}

/** Remembers which deliveries were sent: in memory for one process, shared (Redis) across replicas. */
export interface SentDeliveries {
  /** Claims a delivery id; false when it was claimed before (sent, or being sent by someone else). */
  claim(id: string): Promise<boolean>;
  /**
   * Gives a claim back after the delivery finally failed, so a later event may try again. False when it could
   * not be given back everywhere it is held (Redis unreachable: the shared claim stands until it expires).
   */
  release(id: string): Promise<boolean>;
}
