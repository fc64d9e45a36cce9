import { describe, expect, test } from 'vitest';
import { actionsToken } from '../../sandbox/harness/actions-token.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { EMERGENCY_BODY } from '../support/change-bodies.ts';
import { changeScenario } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

/** The emergency level approved by one team of two (lee, erin), so a deployer among them leaves the other. */
const EMERGENCY_CONFIG = SEED_CONFIG_YAML.replace(
  /emergency:\n {6}approvers:\n {8}- "security-team-lead"\n {8}- "engineering-manager"/,
  'emergency:\n      approvers: ["incident-commanders"]',
);
const UNCONFIRMED_CONFIG = `${EMERGENCY_CONFIG}\n  emergency:\n    require_confirmation: false\n`;

describe('emergency changes: deploy first after a confirmation, approve and review afterwards', () => {
  let token = '';
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      sim.createTeam({ org: 'acme', slug: 'incident-commanders', members: ['lee', 'erin'] });
      for (const name of ['outage', 'forged', 'unconfirmed']) {
        seedRepo(sim, {
          org: 'acme',
          name,
          config: name === 'unconfirmed' ? UNCONFIRMED_CONFIG : EMERGENCY_CONFIG,
        });
      }
      sim.createEnvironment({ repo: 'acme/outage', name: 'production', protectionRuleApps: ['change-gate'] });
      token = actionsToken(sim, 'acme');
    },
  });
  const gate = (repo: string, sha: string) =>
    runAction({
      apiUrl: e2e.sim.apiUrl,
      token,
      repository: repo,
      sha,
      inputs: { environment: 'production' },
    });
  const comment = async (repo: string, number: number, login: string, body: string) => {
    await e2e.sim.as(login).comment({ repo, number, body });
    await e2e.sim.settle();
  };
  /** The app's history entries on a change (event and data). */
  const entries = (repo: string, number: number) =>
    e2e.sim.read.comments({ repo, number }).flatMap((c) => {
      if (c.user?.login !== 'change-gate[bot]') return [];
      return [...(c.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map((match) => {
        const { entry } = JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8'));
        return entry as { event: string; actor: string; data: Record<string, unknown> };
      });
    });

  test('confirmed by an emergency approver, deployed first, approved retroactively (not by the deployer), completed once the review issue is closed (not by the author)', async () => {
    const { sim } = e2e;
    const repo = 'acme/outage';
    const change = await changeScenario(e2e, repo).open(EMERGENCY_BODY);
    expect(change.check()?.conclusion).not.toBe('success');
    expect(change.summary()).toContain('comments `/emergency`');

    // The author alone, and a non-member, get nothing.
    await comment(repo, change.number, 'dana', '/emergency checkout is down');
    await comment(repo, change.number, 'mallory', '/emergency');
    expect(change.check()?.conclusion).not.toBe('success');
    expect(change.summary()).toContain('@dana is the author of the change');
    expect(change.summary()).toContain('@mallory holds none of the emergency roles');
    const refused = await gate(repo, change.headSha);
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('pending');

    // A member of the emergency level's team confirms: the check passes, with the emergency marker.
    await comment(repo, change.number, 'lee', '/emergency');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(change.check()?.output.title).toMatch(
      /^Emergency change confirmed by @lee — retroactive approval owed/,
    );
    expect(change.check()?.output.summary).toContain('<!-- change-gate:emergency -->');
    expect(entries(repo, change.number).at(-1)).toMatchObject({ event: 'emergency_confirmed', actor: 'lee' });
    expect(change.labels().sort()).toEqual(['change:emergency', 'change:pending-approval']);

    // Merged and deployed by erin through the protection rule, before any approval.
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.settle();
    const run = await sim
      .as('erin')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
    await sim.settle();
    expect(sim.read.workflowRun({ runId: run.runId }).protection[0]).toMatchObject({ state: 'approved' });
    await sim.as('erin').completeWorkflowRun({ repo, runId: run.runId, conclusion: 'success' });
    await sim.settle();
    const implemented = entries(repo, change.number).filter((e) => e.event === 'emergency_implemented');
    expect(implemented[0]).toMatchObject({
      actor: 'erin',
      data: { confirmed_by: 'lee', environment: 'production', deployment_id: run.deploymentId },
    });
    expect(implemented[0]?.data.deadline).toEqual(expect.any(String));
    expect(change.history()).not.toContain('implementing');
    expect(change.history()).not.toContain('completed');
    expect(change.labels().sort()).toEqual(['change:emergency', 'change:implementing']);

    // The review issue, opened by the app with the procedure's checklist and a link to the change.
    const reviewNumber = Number(implemented[0]?.data.review_issue);
    const review = sim.read.issue({ repo, number: reviewNumber });
    expect(review.user?.login).toBe('change-gate[bot]');
    for (const item of [
      'Review emergency change',
      'Identify root cause',
      'Implement preventive measures',
      'Update procedures if needed',
    ])
      expect(review.body).toContain(`- [ ] ${item}`);
    expect(review.body).toContain(`#${change.number}`);

    // The deployer's approval does not count; another emergency approver's does.
    await comment(repo, change.number, 'erin', '/approve');
    expect(change.history()).not.toContain('retroactively_approved');
    expect(change.summary()).toContain('deployed the emergency change');
    await comment(repo, change.number, 'lee', '/approve');
    expect(entries(repo, change.number).at(-1)).toMatchObject({
      event: 'retroactively_approved',
      actor: 'lee',
    });
    expect(change.labels().sort()).toEqual(['change:emergency', 'change:implementing']);

    // The author closing the review issue does not count: the app reopens it and says why.
    await sim.as('dana').closeIssue({ repo, number: reviewNumber });
    await sim.settle();
    expect(sim.read.issue({ repo, number: reviewNumber }).state).toBe('open');
    expect(sim.read.comments({ repo, number: reviewNumber }).at(-1)?.body).toContain('author of the change');
    expect(change.history()).not.toContain('reviewed');
    expect(change.labels().sort()).toEqual(['change:emergency', 'change:implementing']);

    // Someone else closes it: reviewed, and the change is completed.
    await sim.as('carl').closeIssue({ repo, number: reviewNumber });
    await sim.settle();
    expect(entries(repo, change.number).slice(-2)).toMatchObject([
      { event: 'reviewed', actor: 'carl', data: { review_issue: reviewNumber } },
      { event: 'completed' },
    ]);
    expect(change.labels().sort()).toEqual(['change:completed', 'change:emergency']);
  }, 120_000);

  test('a hand-added change:emergency label or a foreign check carrying the emergency marker lets nothing through', async () => {
    const { sim } = e2e;
    const repo = 'acme/forged';
    const change = await changeScenario(e2e, repo).open(EMERGENCY_BODY);
    await sim
      .as('dana')
      .addLabels({ repo, number: change.number, labels: ['change:emergency', 'change:approved'] });
    await sim.settle();
    const impostor = sim.registerApp({
      slug: 'impostor',
      permissions: { metadata: 'read', checks: 'write' },
      events: [],
    });
    const impostorToken = sim.createInstallationToken({
      installationId: sim.installApp({ app: impostor.id, account: 'acme' }).id,
    });
    // see: https://docs.github.com/rest/checks/runs#create-a-check-run
    const forged = await fetch(`${sim.apiUrl}/repos/${repo}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${impostorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Change Gate',
        head_sha: change.headSha,
        status: 'completed',
        conclusion: 'success',
        output: {
          title: 'Emergency change confirmed by @lee — retroactive approval owed',
          summary: `<!-- change-gate:covered-pulls [${change.number}] -->\n<!-- change-gate:emergency -->`,
        },
      }),
    });
    expect(forged.status).toBe(201);
    const refused = await gate(repo, change.headSha);
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).not.toBe('approved');
    expect(sim.read.deployments({ repo })).toEqual([]);
    expect(change.history()).not.toContain('emergency_confirmed');
  }, 60_000);

  test('with require_confirmation: false, a valid emergency change passes without a confirmation', async () => {
    const repo = 'acme/unconfirmed';
    const change = await changeScenario(e2e, repo).open(EMERGENCY_BODY);
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(change.check()?.output.title).toMatch(/no confirmation required/);
    const allowed = await gate(repo, change.headSha);
    expect(allowed.stdout).toContain('deploy before approval and owe retroactive approval');
    expect(allowed.code).toBe(0);
  }, 60_000);
});
