import type { ChangeNotification, NotifiedEvent } from './change-notification.ts';

const WHAT: Record<NotifiedEvent, string> = {
  submitted: 'submitted for approval',
  approved: 'approved',
  rejected: 'rejected',
  escalated: 'escalated: approval overdue',
  emergency_confirmed: 'confirmed as an emergency change',
  emergency_implemented: 'deployed as an emergency: retroactive approval due',
  retroactively_approved: 'approved retroactively',
  implementing: 'implementation started',
  completed: 'completed',
  failed: 'implementation failed',
  rolled_back: 'rolled back',
  ungated_deployment: "deployed without the gate's approval",
};

/** `CHG-2026-004 submitted for approval`: the subject of an email, the header of a Slack message. */
export const notificationHeadline = (notification: ChangeNotification): string =>
  `${notification.changeId} ${WHAT[notification.event]}`;
