import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { SEED_CONFIG_YAML, SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { startHttpReceiver, startSmtpSink } from '../support/loopback-receivers.ts';
import { useE2E } from './support/use-e2e.ts';

const NOTIFY = `
  notifications:
    enabled: true
    channels: [email, webhook]
    recipients: [change-manager]
    email:
      from: "Change Gate <gate@acme.example>"
      smtp_url_env: CHANGE_GATE_NOTIFY_SMTP
      to:
        change-manager: [cm@acme.example]
        security-team: [security@acme.example]
    webhook:
      url_env: CHANGE_GATE_NOTIFY_HOOK
      secret_env: CHANGE_GATE_NOTIFY_HOOK_SECRET
`;
/** The seed config with its notifications replaced by routed ones. */
const CONFIG = SEED_CONFIG_YAML.replace(/\n {2}notifications:\n(?: {4}.*\n)+/, `${NOTIFY}`);

describe('notifications, end to end (real app process, SMTP server and webhook receiver on loopback)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  // A receiver that never answers: a channel that is down must not hold anything up.
  let hanging: Awaited<ReturnType<typeof startHttpReceiver>>;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    hanging = await startHttpReceiver({ hang: true });
  });
  afterAll(async () => {
    await hanging.close();
    await smtp.close();
  });

  const e2e = useE2E({
    env: () => ({
      CHANGE_GATE_NOTIFY_SMTP: smtp.url,
      CHANGE_GATE_NOTIFY_HOOK: `${hanging.url}/hook`,
      CHANGE_GATE_NOTIFY_HOOK_SECRET: `whsec_${Buffer.from('a signing secret of 32 bytes....').toString('base64')}`,
    }),
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'notify', config: CONFIG });
    },
  });

  test('a submitted change mails the recipients and the roles that must act, once, whatever the redeliveries; a hanging webhook delays no check', async () => {
    expect(CONFIG).toContain('smtp_url_env: CHANGE_GATE_NOTIFY_SMTP');
    const { sim } = e2e;
    const repo = 'acme/notify';
    const from = sim.deliveries.length;
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: 'Implement MFA for Admin Access',
      body: SEED_PR_BODY,
      head: 'mfa',
      files: { 'src/auth.ts': 'export const mfa = true;\n' },
    });
    await sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await sim.settle();
    // The check is there as soon as the webhooks are handled, while the webhook channel still hangs.
    const runs = sim.read.checkRuns({ repo, ref: pr.headSha }).filter((run) => run.name === 'Change Gate');
    expect(runs.at(-1)?.output.title).toMatch(/^Pending approval/);

    await vi.waitFor(() => expect(smtp.mails).toHaveLength(1), { timeout: 15_000 });
    const [mail] = smtp.mails;
    expect(mail?.to.sort()).toEqual(['cm@acme.example', 'security@acme.example']);
    const changeId = `CHG-${new Date().getUTCFullYear()}-001`;
    expect(mail?.data).toContain(`Subject: [${changeId}] ${changeId} submitted for approval`);
    expect(mail?.data).toContain(`/acme/notify/pull/${pr.number}`);

    for (const delivery of sim.deliveries.slice(from)) await sim.redeliver(delivery.id);
    await sim.settle();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.mails).toHaveLength(1);
  });
});
