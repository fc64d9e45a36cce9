import { describe, expect, test } from 'vitest';
import { actionsToken } from '../../sandbox/harness/actions-token.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

const FROZEN_CONFIG = `${SEED_CONFIG_YAML}\n  freeze_windows:\n    - name: always frozen\n      timezone: UTC\n      recurring: { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }\n`;

describe('the gating action, bundled, run as the runner runs it against the simulator', () => {
  let token = '';
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'shop' });
      seedRepo(sim, { org: 'acme', name: 'late-push' });
      seedRepo(sim, { org: 'acme', name: 'orphan' });
      seedRepo(sim, { org: 'acme', name: 'frozen', config: FROZEN_CONFIG });
      token = actionsToken(sim, 'acme');
    },
  });
  const gate = (
    repo: string,
    sha: string,
    inputs: Record<string, string> = {},
    env: Record<string, string> = {},
  ) =>
    runAction({
      apiUrl: e2e.sim.apiUrl,
      token,
      repository: repo,
      sha,
      inputs: { environment: 'production', ...inputs },
      env,
    });
  const main = (repo: string) => e2e.sim.read.branchSha({ repo, branch: 'main' }) ?? '';

  test('unapproved → refused with the reason, even with a same-named check from another app; approved → allowed; finish records completed', async () => {
    const { sim } = e2e;
    const repo = 'acme/shop';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);

    // Another app posts a green "Change Gate" check on the same commit: it proves nothing.
    const impostor = sim.registerApp({
      slug: 'impostor',
      permissions: { metadata: 'read', checks: 'write' },
      events: [],
    });
    const impostorToken = sim.createInstallationToken({
      installationId: sim.installApp({ app: impostor.id, account: 'acme' }).id,
    });
    const forged = await fetch(`${sim.apiUrl}/repos/${repo}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${impostorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Change Gate',
        head_sha: change.headSha,
        status: 'completed',
        conclusion: 'success',
        output: { title: 'Approved', summary: 'trust me' },
      }),
    });
    expect(forged.status).toBe(201);

    const refused = await gate(repo, change.headSha);
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('pending');
    expect(refused.stdout).toMatch(/::error::Change Gate refused the deploy to production \(pending\)/);
    expect(refused.summary).toContain('#1');
    expect(sim.read.deployments({ repo })).toEqual([]);

    await change.approve('carl');
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.settle();

    const allowed = await gate(repo, main(repo));
    expect(allowed.code).toBe(0);
    expect(allowed.outputs.status).toBe('approved');
    expect(allowed.outputs['change-ids']).toMatch(/^CHG-\d{4}-001$/);
    const [deployment] = sim.read.deployments({ repo, environment: 'production' });
    expect(deployment?.id).toBe(Number(allowed.outputs['deployment-id']));
    await sim.settle();
    // The deploy's start is in the history at once; its label and the steps comment follow at its end.
    expect(change.history()).toEqual(['submitted', 'approved', 'implementing']);
    expect(change.labels()).toEqual(['change:approved']);

    const finished = await gate(repo, main(repo), { command: 'finish', result: 'success' }, allowed.env);
    expect(finished.code).toBe(0);
    await sim.settle();
    expect(change.labels()).toEqual(['change:completed']);
    expect(change.history()).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(change.steps()).toEqual([
      ['deploy_to_production', 'change-gate[bot]'],
      ['monitor_system_health', 'change-gate[bot]'],
    ]);
  }, 90_000);

  test('the creation of a gate deployment that never ran, delivered after a later deploy finished, leaves the change completed', async () => {
    const { sim } = e2e;
    const repo = 'acme/orphan';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.settle();

    // A deployment the gate created and no deploy followed (as when GitHub's answer was lost and the gate
    // refused), its webhook delivered late: kept from the app until the rerun's deploy has finished.
    const from = sim.droppedDeliveries.length;
    sim.dropWebhooks(true);
    try {
      expect((await gate(repo, main(repo))).code).toBe(0);
      await sim.settle();
    } finally {
      sim.dropWebhooks(false);
    }
    const late = sim.droppedDeliveries
      .slice(from)
      .find((delivery) => delivery.event === 'deployment' && delivery.action === 'created');
    if (!late) throw new Error('the orphan deployment’s creation webhook was not recorded');
    const orphanId = (late.payload as { deployment: { id: number } }).deployment.id;

    const allowed = await gate(repo, main(repo));
    expect(allowed.code).toBe(0);
    expect(Number(allowed.outputs['deployment-id'])).toBeGreaterThan(orphanId);
    await sim.settle();
    const finished = await gate(repo, main(repo), { command: 'finish', result: 'success' }, allowed.env);
    expect(finished.code).toBe(0);
    await sim.settle();
    expect(change.history()).toEqual(['submitted', 'approved', 'implementing', 'completed']);

    const response = await fetch(late.url, { method: 'POST', headers: late.headers, body: late.body });
    expect(response.status).toBeLessThan(300);
    await response.text();
    await sim.settle();
    expect(change.history()).toEqual(['submitted', 'approved', 'implementing', 'completed']);
    expect(change.labels()).toEqual(['change:completed']);
  }, 90_000);

  test('a commit pushed after the approval and merged is refused', async () => {
    const { sim } = e2e;
    const repo = 'acme/late-push';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.check()?.conclusion).toBe('success');

    await change.push();
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.settle();

    const refused = await gate(repo, main(repo));
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('pending');
    expect(change.history()).toEqual(['submitted', 'approved', 'approval_voided']);
  }, 90_000);

  test('a deploy inside a freeze window is refused with the window and its end', async () => {
    const repo = 'acme/frozen';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    const refused = await gate(repo, change.headSha);
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('frozen');
    expect(refused.stdout).toContain('always frozen');
  }, 90_000);
});
