import { formatUtc } from '../text/format-utc.ts';
import type { ChangeNotification } from './change-notification.ts';
import { notificationHeadline } from './notification-headline.ts';

/** Slack's mrkdwn control characters, escaped as Slack documents (`&`, `<`, `>`). */
const slackText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const MAX_FIELD = 1900;
const cap = (text: string): string => (text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : text);

/**
 * A Block Kit message for an incoming webhook: the change ID and link, title, priority, status, who must act
 * and by when. User text is escaped: a title cannot mention @channel or forge a link.
 */
export const slackMessage = (notification: ChangeNotification) => {
  const headline = notificationHeadline(notification);
  const field = (label: string, value: string) => ({
    type: 'mrkdwn',
    text: `*${label}*\n${cap(slackText(value))}`,
  });
  const link = notification.url
    ? `<${notification.url}|${slackText(notification.changeId)}>`
    : slackText(notification.changeId);
  return {
    text: headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150), emoji: false } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${link} — ${cap(slackText(notification.title))}` },
      },
      {
        type: 'section',
        fields: [
          field('Priority', notification.priority ?? '—'),
          field('Status', notification.status ?? '—'),
          field('Who must act', notification.mustAct.length > 0 ? notification.mustAct.join(', ') : 'nobody'),
          field('Deadline', notification.deadline ? formatUtc(notification.deadline) : '—'),
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: cap(
              slackText(`${notification.summary} · ${notification.repository}#${notification.number}`),
            ),
          },
        ],
      },
    ],
  };
};
