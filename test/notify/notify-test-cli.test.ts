import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHttpReceiver, startSmtpSink } from '../support/loopback-receivers.ts';
import { runCliProcess } from '../support/run-cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'change-gate-notify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `change_management:
  notifications:
    enabled: true
    channels: [email, slack]
    recipients: [change-manager]
    email:
      from: gate@acme.example
      smtp_url_env: CHANGE_GATE_NOTIFY_SMTP
      to:
        change-manager: [cm@acme.example]
    slack:
      webhook_url_env:
        change-manager: CHANGE_GATE_NOTIFY_SLACK_CM
        security-team: CHANGE_GATE_NOTIFY_SLACK_SEC
`;

const notifyTest = (args: string[], env: Record<string, string>) =>
  runCliProcess(['notify', 'test', ...args], env);

describe('change-gate notify test', () => {
  it('sends one sample to every destination, says which arrived, and exits 1 when one did not', async () => {
    const smtp = await startSmtpSink();
    const slack = await startHttpReceiver();
    try {
      const config = join(dir, 'change-management.yml');
      writeFileSync(config, CONFIG);
      const result = await notifyTest(['--config', config], {
        CHANGE_GATE_NOTIFY_SMTP: smtp.url,
        CHANGE_GATE_NOTIFY_SLACK_CM: `${slack.url}/T/B/x`,
      });
      expect(result.stdout.split('\n')).toEqual([
        '✓ email to cm@acme.example (SMTP from CHANGE_GATE_NOTIFY_SMTP)',
        '✓ Slack for change-manager (CHANGE_GATE_NOTIFY_SLACK_CM)',
        '✗ Slack for security-team (CHANGE_GATE_NOTIFY_SLACK_SEC): Slack: environment variable CHANGE_GATE_NOTIFY_SLACK_SEC is not set',
        '2 of 3 sent.',
        '',
      ]);
      expect(result.code).toBe(1);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]?.data).toContain('Test message from change-gate notify test');
      expect(JSON.parse(slack.received[0]?.body ?? '{}').text).toMatch(
        /^CHG-\d{4}-000 submitted for approval$/,
      );
    } finally {
      await slack.close();
      await smtp.close();
    }
  });

  it('a config without destinations, or an invalid one, is a usage error that says why', async () => {
    const bare = join(dir, 'bare.yml');
    writeFileSync(bare, 'change_management:\n  enabled: true\n');
    const none = await notifyTest(['--config', bare], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('names no destination');
    const invalid = join(dir, 'invalid.yml');
    writeFileSync(
      invalid,
      'change_management:\n  notifications:\n    webhook: { url_env: PRIVATE_KEY, secret_env: CHANGE_GATE_NOTIFY_S }\n',
    );
    const refused = await notifyTest(['--config', invalid], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/invalid\.yml:3:\d+: .*url_env/);
  });
});
