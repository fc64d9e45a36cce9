import type { ChangeFacts } from '../core/decision/change-facts.ts';
import { CHANGE_STATUS_TEXT } from '../core/decision/change-status.ts';
import type { Decision } from '../core/decision/decision.ts';
import type { HistoryEntry } from '../core/history/history-entry.ts';
import type { VerifiedEntry } from '../core/history/verified-entry.ts';
import { notificationDeliveries } from '../core/notify/notification-deliveries.ts';
import { notificationOfEntry } from '../core/notify/notification-of-entry.ts';
import type { PolicyLoad } from '../core/policy/load-policy.ts';
import type { NotificationQueue } from './notification-queue.ts';

/**
 * Tells the config's recipients about the entries an apply just wrote: each becomes one notification,
 * routed per channel and enqueued (sending happens in the background; nothing here waits for a channel).
 * An entry is written once (its key is its idempotency key), so a redelivered webhook notifies nobody again.
 */
export const notifyWritten = (options: {
  queue: NotificationQueue | undefined;
  policy: PolicyLoad;
  facts: Pick<ChangeFacts, 'owner' | 'repo' | 'number' | 'title'> & { url?: string | null };
  decision: Pick<Decision, 'status' | 'approval'>;
  history: readonly VerifiedEntry[];
  written: readonly HistoryEntry[];
}): number => {
  const { queue, policy, facts, decision } = options;
  if (!queue || policy.status !== 'valid' || options.written.length === 0) return 0;
  const submitted = [...options.history.map((verified) => verified.entry), ...options.written]
    .filter((entry) => entry.event === 'submitted')
    .at(-1);
  const requiredRoles =
    decision.approval?.roles.map((role) => role.role) ?? stringsOf(submitted?.data.required_roles);
  let enqueued = 0;
  for (const entry of options.written) {
    const notification = notificationOfEntry(entry, {
      repository: `${facts.owner}/${facts.repo}`,
      number: facts.number,
      url: facts.url ?? null,
      title: facts.title,
      priority: typeof submitted?.data.priority === 'string' ? submitted.data.priority : null,
      status: decision.status ? CHANGE_STATUS_TEXT[decision.status] : null,
      requiredRoles,
    });
    if (!notification) continue;
    const deliveries = notificationDeliveries(notification, policy.policy.notifications);
    if (deliveries.length === 0) continue;
    queue.enqueue(notification, deliveries);
    enqueued += deliveries.length;
  }
  return enqueued;
};

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
