import type { NotificationPolicy } from '../policy/policy.ts';
import type { ChangeNotification } from './change-notification.ts';

/** One message to one destination. `id` is unique per event and destination: the key of "sent once". */
export type NotificationDelivery =
  | { id: string; channel: 'email'; from: string; smtpUrlEnv: string; to: string[] }
  | { id: string; channel: 'slack'; urlEnv: string; roles: string[] }
  | { id: string; channel: 'webhook'; urlEnv: string; secretEnv: string };

/**
 * Where a notification goes: the config's `recipients` and the roles that must act, routed by each enabled
 * channel's per-role destinations (one email to every address, one Slack message per webhook, one signed
 * webhook call). Roles without a destination on a channel are skipped. Pure.
 */
export const notificationDeliveries = (
  notification: ChangeNotification,
  policy: NotificationPolicy,
): NotificationDelivery[] => {
  if (!policy.enabled) return [];
  const roles = [...new Set([...policy.recipients, ...notification.mustAct])];
  const channels = new Set(policy.channels);
  const deliveries: NotificationDelivery[] = [];
  if (channels.has('email') && policy.email) {
    const to = [...new Set(roles.flatMap((role) => policy.email?.to?.[role] ?? []))].sort();
    if (to.length > 0) {
      deliveries.push({
        id: `${notification.id}:email`,
        channel: 'email',
        from: policy.email.from,
        smtpUrlEnv: policy.email.smtp_url_env,
        to,
      });
    }
  }
  if (channels.has('slack') && policy.slack) {
    const byEnv = new Map<string, string[]>();
    for (const role of roles) {
      const env = policy.slack.webhook_url_env[role];
      if (env) byEnv.set(env, [...(byEnv.get(env) ?? []), role]);
    }
    for (const [urlEnv, forRoles] of [...byEnv].sort(([a], [b]) => a.localeCompare(b))) {
      deliveries.push({
        id: `${notification.id}:slack:${urlEnv}`,
        channel: 'slack',
        urlEnv,
        roles: forRoles,
      });
    }
  }
  if (channels.has('webhook') && policy.webhook) {
    deliveries.push({
      id: `${notification.id}:webhook`,
      channel: 'webhook',
      urlEnv: policy.webhook.url_env,
      secretEnv: policy.webhook.secret_env,
    });
  }
  return deliveries;
};
