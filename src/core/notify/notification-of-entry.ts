import { describeEntry } from '../history/describe-entry.ts';
import type { HistoryEntry } from '../history/history-entry.ts';
import { type ChangeNotification, NOTIFIED_EVENTS, type NotifiedEvent } from './change-notification.ts';

/** The change an entry belongs to, as the evaluation that wrote it saw it. */
export interface NotifiedChange {
  repository: string;
  number: number;
  url: string | null;
  title: string;
  priority: string | null;
  status: string | null;
  /** Roles the change needs (the approval level's, plus any the form adds). */
  requiredRoles: string[];
}

const isNotified = (event: string): event is NotifiedEvent =>
  (NOTIFIED_EVENTS as readonly string[]).includes(event);

/** Who must act after each event, and by when: approvers while approval is owed, nobody otherwise. */
const MUST_ACT: Partial<Record<NotifiedEvent, (entry: HistoryEntry, change: NotifiedChange) => string[]>> = {
  submitted: (entry, change) => strings(entry.data.required_roles) ?? change.requiredRoles,
  escalated: (entry, change) => strings(entry.data.contacts) ?? change.requiredRoles,
  emergency_implemented: (_entry, change) => change.requiredRoles,
};

/** The notification for a history entry just written; null for events nobody is told about. Pure. */
export const notificationOfEntry = (
  entry: HistoryEntry,
  change: NotifiedChange,
): ChangeNotification | null => {
  if (!isNotified(entry.event)) return null;
  const mustAct = MUST_ACT[entry.event]?.(entry, change) ?? [];
  return {
    id: entry.key,
    event: entry.event,
    changeId: entry.change_id,
    repository: change.repository,
    number: change.number,
    url: change.url,
    title: change.title,
    priority: change.priority,
    status: change.status,
    actor: entry.actor,
    at: entry.at,
    mustAct,
    deadline: mustAct.length > 0 ? deadlineOf(entry) : null,
    summary: describeEntry(entry, 'text'),
  };
};

const deadlineOf = (entry: HistoryEntry): string | null => {
  for (const name of ['deadline', 'retroactive_deadline', 'due']) {
    const value = entry.data[name];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
  }
  return null;
};

const strings = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
