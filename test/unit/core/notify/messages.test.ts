import { describe, expect, test } from 'vitest';
import { emailMessage } from '../../../../src/core/notify/email-message.ts';
import { slackMessage } from '../../../../src/core/notify/slack-message.ts';
import { webhookPayload } from '../../../../src/core/notify/webhook-payload.ts';
import { notificationOf } from './notification-fixtures.ts';

describe('messages', () => {
  test('Slack: Block Kit with the ID as a link, title, priority, status, who must act and the deadline', () => {
    const message = slackMessage(notificationOf());
    expect(message.text).toBe('CHG-2026-004 submitted for approval');
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '<https://github.example/acme/web/pull/4|CHG-2026-004> — Implement MFA' },
    });
    expect(JSON.stringify(message.blocks[2])).toContain('*Who must act*\\nsecurity-team, change-manager');
    expect(JSON.stringify(message.blocks[2])).toContain('*Deadline*\\n2026-12-01 10:00 UTC');
  });

  test('Slack: a hostile title cannot ping the channel or forge a link', () => {
    const message = slackMessage(notificationOf({ title: '<!channel> <https://evil.example|click> & more' }));
    const text = JSON.stringify(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more');
  });

  test('email: the subject is one line, the HTML escapes user text, the text names the link', () => {
    const message = emailMessage(
      notificationOf({ title: 'MFA\r\nBcc: victim@example.com <script>alert(1)</script>' }),
    );
    expect(message.subject).toBe(
      '[CHG-2026-004] CHG-2026-004 submitted for approval: MFA Bcc: victim@example.com <script>alert(1)</script>',
    );
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.text).toContain('Link: https://github.example/acme/web/pull/4');
    expect(message.text).toContain('Who must act: security-team, change-manager');
  });

  test('webhook: the Standard Webhooks shape, type change.<event>', () => {
    expect(webhookPayload(notificationOf({ event: 'approved', mustAct: [], deadline: null }))).toMatchObject({
      type: 'change.approved',
      timestamp: '2026-11-30T10:00:00.000Z',
      data: { change_id: 'CHG-2026-004', event: 'approved', repository: 'acme/web', must_act: [] },
    });
  });
});
