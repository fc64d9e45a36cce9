import { Webhooks } from '@octokit/webhooks';
import { describe, expect, it } from 'vitest';
import { useE2E } from '../e2e/support/use-e2e.ts';

const REPO = 'acme/payments';

describe('end-to-end harness (a throwaway Probot app run with `probot run`)', () => {
  const e2e = useE2E({
    appPath: './test/sandbox/fixtures/probe-app.ts',
    seed: (sim) => {
      sim.createUser({ login: 'dev' });
      sim.createRepo({
        owner: 'acme',
        name: 'payments',
        files: { '.github/probe.yml': 'greeting: hello from config\n' },
      });
    },
  });

  it('delivers a signed webhook, the app authenticates with a JWT, gets an installation token and writes back', async () => {
    const { sim, app, installationId } = e2e;
    const mark = sim.mark();
    const pr = await sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Probe', head: 'probe', files: { 'a.txt': 'a' } });

    const delivery = sim.deliveries.find((d) => d.event === 'pull_request' && d.action === 'opened');
    expect(delivery?.status).toBe(200);
    const webhooks = new Webhooks({ secret: app.webhookSecret });
    expect(await webhooks.verify(delivery!.body, delivery!.headers['x-hub-signature-256']!)).toBe(true);

    const requests = sim.requestsSince(mark);
    const tokenRequest = requests.find(
      (r) => r.template === '/app/installations/{installation_id}/access_tokens',
    );
    expect(tokenRequest).toMatchObject({ auth: 'app', appId: app.id, status: 201 });
    const writes = requests.filter((r) => r.method === 'POST' && r.auth === 'installation');
    expect(writes.map((r) => r.template)).toEqual([
      '/repos/{owner}/{repo}/check-runs',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(writes.every((r) => r.installationId === installationId)).toBe(true);

    const [run] = sim.read.checkRuns({ repo: REPO, ref: pr.headSha });
    expect(run).toMatchObject({
      name: 'Probe',
      conclusion: 'neutral',
      app: { id: app.id, slug: 'change-gate' },
    });
    expect(run?.output.summary).toBe('hello from config');
    const [comment] = sim.read.comments({ repo: REPO, number: pr.number });
    expect(comment).toMatchObject({
      body: 'probe: hello from config',
      user: { login: 'change-gate[bot]', type: 'Bot' },
    });
    expect(comment?.performed_via_github_app?.id).toBe(app.id);
    expect(sim.violations).toEqual([]);
  });

  it('the app refuses a delivery whose signature was made with another secret', async () => {
    const { sim, webhookUrl } = e2e;
    const delivery = sim.deliveries.find((d) => d.event === 'pull_request')!;
    const forged = await fetch(webhookUrl, {
      method: 'POST',
      headers: { ...delivery.headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body: delivery.body,
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
  });
});
