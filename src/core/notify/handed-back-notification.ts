import { type ChangeNotification, NOTIFIED_EVENTS } from './change-notification.ts';
import type { NotificationDelivery } from './notification-deliveries.ts';
import { isNotifyEnvName } from './notify-env-name.ts';

/** One delivery a stopping process handed back, with the notification it carries, kept for another to send. */
export interface HandedBackNotification {
  delivery: NotificationDelivery;
  notification: ChangeNotification;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): boolean => value === null || isString(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const EVENTS: ReadonlySet<string> = new Set(NOTIFIED_EVENTS);
/** An address as the config schema takes it (schemas/config.schema.json: `email.to`). */
export const EMAIL_ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;
/** The schema's longest address. */
const MAX_ADDRESS = 320;
const isAddress = (value: unknown): value is string =>
  isString(value) && value.length <= MAX_ADDRESS && EMAIL_ADDRESS.test(value);

const deliveryOf = (value: unknown): NotificationDelivery | null => {
  if (!isObject(value) || !isString(value.id) || value.id === '') return null;
  const { id } = value;
  if (
    value.channel === 'email' &&
    isString(value.from) &&
    value.from.length <= MAX_ADDRESS &&
    isNotifyEnvName(value.smtpUrlEnv) &&
    isStrings(value.to) &&
    value.to.length > 0 &&
    value.to.every(isAddress)
  )
    return { id, channel: 'email', from: value.from, smtpUrlEnv: value.smtpUrlEnv, to: value.to };
  if (value.channel === 'slack' && isNotifyEnvName(value.urlEnv) && isStrings(value.roles))
    return { id, channel: 'slack', urlEnv: value.urlEnv, roles: value.roles };
  if (value.channel === 'webhook' && isNotifyEnvName(value.urlEnv) && isNotifyEnvName(value.secretEnv))
    return { id, channel: 'webhook', urlEnv: value.urlEnv, secretEnv: value.secretEnv };
  return null;
};

const notificationOf = (value: unknown): ChangeNotification | null => {
  if (!isObject(value)) return null;
  const strings = ['id', 'changeId', 'repository', 'title', 'actor', 'at', 'summary'] as const;
  const nullable = ['url', 'priority', 'status', 'deadline'] as const;
  if (!strings.every((field) => isString(value[field]))) return null;
  if (!nullable.every((field) => isStringOrNull(value[field]))) return null;
  if (!isString(value.event) || !EVENTS.has(value.event)) return null;
  if (!Number.isSafeInteger(value.number) || (value.number as number) < 1) return null;
  if (!isStrings(value.mustAct)) return null;
  return {
    id: value.id as string,
    event: value.event as ChangeNotification['event'],
    changeId: value.changeId as string,
    repository: value.repository as string,
    number: value.number as number,
    url: value.url as string | null,
    title: value.title as string,
    priority: value.priority as string | null,
    status: value.status as string | null,
    actor: value.actor as string,
    at: value.at as string,
    mustAct: value.mustAct,
    deadline: value.deadline as string | null,
    summary: value.summary as string,
  };
};

/**
 * A handed-back delivery read back (from Redis: JSON another process wrote), every field checked and copied;
 * null when it is not one (a store written by another version, or by hand). A delivery names the environment
 * variables that hold its channel's secrets, never the secrets, and only names the config may name
 * (`CHANGE_GATE_NOTIFY_…`, addresses as the schema takes them). Pure.
 */
export const handedBackOf = (text: string): HandedBackNotification | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const delivery = deliveryOf(parsed.delivery);
  const notification = notificationOf(parsed.notification);
  // A delivery's id is its notification's, with its destination after it (notificationDeliveries).
  if (!delivery || !notification || !delivery.id.startsWith(`${notification.id}:`)) return null;
  return { delivery, notification };
};
