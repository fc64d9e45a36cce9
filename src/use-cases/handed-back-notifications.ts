import type { HandedBackNotification } from '../core/notify/handed-back-notification.ts';

/** One handed-back delivery a process took, with what acknowledges it (`done`). */
export interface TakenNotification {
  item: HandedBackNotification;
  /** Names this taking for `done`. */
  receipt: string;
}

/**
 * Deliveries a stopping process handed back (NotificationQueue.handBack), kept where the other replicas find
 * them (Redis): another replica's queue takes each and sends it, its claim first, as any other. A taken one
 * that is not acknowledged (`done`) within its lease (its taker died) is taken again by the next round
 * anywhere; the claim keeps it from being sent twice.
 */
export interface HandedBackNotifications {
  /** Keeps one for another process; false when it could not be kept (Redis unreachable). */
  keep(item: HandedBackNotification): Promise<boolean>;
  /**
   * Takes up to `limit`, the oldest first (those whose taker let its lease pass before them), each by one
   * process at a time; `dropped`: how many taken were left out (not deliveries: written by another version, or
   * by hand; or too old to send), acknowledged at once.
   */
  take(limit: number): Promise<{ taken: TakenNotification[]; dropped: number }>;
  /** Acknowledges a taken one: sent, found claimed, given up on, or kept again. Never throws. */
  done(receipt: string): Promise<void>;
}
