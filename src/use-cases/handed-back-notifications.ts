import type { HandedBackNotification } from '../core/notify/handed-back-notification.ts';

/**
 * Deliveries a stopping process handed back (NotificationQueue.handBack), kept where the other replicas find
 * them (Redis): another replica's queue takes each once and sends it, its claim first, as any other.
 */
export interface HandedBackNotifications {
  /** Keeps one for another process; false when it could not be kept (Redis unreachable). */
  keep(item: HandedBackNotification): Promise<boolean>;
  /**
   * Takes up to `limit`, the oldest first, each by one process only; `dropped`: how many taken were left out
   * (not deliveries: written by another version, or by hand; or too old to send).
   */
  take(limit: number): Promise<{ items: HandedBackNotification[]; dropped: number }>;
}
