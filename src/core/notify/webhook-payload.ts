import type { ChangeNotification } from './change-notification.ts';

/** The JSON a webhook subscriber receives, in the Standard Webhooks shape: `type`, `timestamp`, `data`. */
export const webhookPayload = (notification: ChangeNotification) => ({
  type: `change.${notification.event}`,
  timestamp: notification.at,
  data: {
    change_id: notification.changeId,
    event: notification.event,
    repository: notification.repository,
    number: notification.number,
    url: notification.url,
    title: notification.title,
    priority: notification.priority,
    status: notification.status,
    actor: notification.actor,
    must_act: notification.mustAct,
    deadline: notification.deadline,
    summary: notification.summary,
  },
});
