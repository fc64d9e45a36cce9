import { formatUtc } from '../text/format-utc.ts';
import type { ChangeNotification } from './change-notification.ts';
import { notificationHeadline } from './notification-headline.ts';

const html = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Subject, plain text and HTML of the email for a notification. User text is escaped in the HTML. */
export const emailMessage = (notification: ChangeNotification) => {
  // A title is one line in a subject: no header injection through line breaks.
  const title = notification.title.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const subject = `[${notification.changeId}] ${notificationHeadline(notification)}: ${title}`;
  const rows: Array<[string, string]> = [
    ['Change', `${notification.changeId} — ${notification.repository}#${notification.number}`],
    ['Title', notification.title],
    ['Priority', notification.priority ?? '—'],
    ['Status', notification.status ?? '—'],
    ['Who must act', notification.mustAct.length > 0 ? notification.mustAct.join(', ') : 'nobody'],
    ['Deadline', notification.deadline ? formatUtc(notification.deadline) : '—'],
    ['What happened', notification.summary],
    ['Link', notification.url ?? '—'],
  ];
  const text = `${rows.map(([label, value]) => `${label}: ${value}`).join('\n')}\n`;
  const table = rows
    .map(([label, value]) => {
      const cell =
        label === 'Link' && notification.url
          ? `<a href="${html(notification.url)}">${html(notification.url)}</a>`
          : html(value);
      return `<tr><th align="left">${html(label)}</th><td>${cell}</td></tr>`;
    })
    .join('');
  return { subject, text, html: `<p>${html(notificationHeadline(notification))}</p><table>${table}</table>` };
};
