import { describe, expect, test } from 'vitest';
import { actionsToken } from '../../../sandbox/harness/actions-token.ts';
import { runAction } from '../../../sandbox/harness/run-action.ts';
import { ADMIN_TOKEN, SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../support/change-scenario.ts';
import { useE2E } from '../support/use-e2e.ts';

/**
 * Trust model, deploy gate and deployments (issue 10, items 1, 5, 11, 12, 13, 15): each test is an attack
 * an ordinary repository user can play through GitHub's API, and the gate's answer to it: the bundled
 * action's exit code as the runner runs it, or the app's check, labels and history.
 */
const FROZEN_CONFIG = `${SEED_CONFIG_YAML}\n  freeze_windows:\n    - name: always frozen\n      timezone: UTC\n      recurring: { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00" }\n`;

/** Changes to `zz-secrets/` need a change request; sorted last, its files come after any others. */
const SECRETS_SCOPED = `${SEED_CONFIG_YAML}\n  scope:\n    paths: ["zz-secrets/**"]\n`;

/** Every change to `src/` needs a change request. */
const SRC_SCOPED = `${SEED_CONFIG_YAML}\n  scope:\n    paths: ["src/**"]\n`;

describe('adversarial: the deploy gate and deployments', () => {
  let token = '';
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'emergency', config: FROZEN_CONFIG });
      seedRepo(sim, { org: 'acme', name: 'emergency-steps' });
      seedRepo(sim, { org: 'acme', name: 'shared-head' });
      seedRepo(sim, { org: 'acme', name: 'big-commit', config: SECRETS_SCOPED });
      seedRepo(sim, { org: 'acme', name: 'long-range', config: SECRETS_SCOPED });
      seedRepo(sim, { org: 'acme', name: 'own-bar', config: SRC_SCOPED });
      sim.createEnvironment({ repo: 'acme/own-bar', name: 'guarded', protectionRuleApps: ['change-gate'] });
      seedRepo(sim, { org: 'acme', name: 'side-branch', config: SRC_SCOPED });
      seedRepo(sim, { org: 'acme', name: 'forged-base' });
      seedRepo(sim, { org: 'acme', name: 'forged-status' });
      token = actionsToken(sim, 'acme');
    },
  });
  const gate = (options: {
    repo: string;
    sha: string;
    branch?: string;
    inputs?: Record<string, string>;
    env?: Record<string, string>;
  }) =>
    runAction({
      apiUrl: e2e.sim.apiUrl,
      token,
      repository: options.repo,
      sha: options.sha,
      branch: options.branch ?? 'main',
      inputs: { environment: 'production', ...options.inputs },
      env: options.env ?? {},
    });
  const main = (repo: string) => e2e.sim.read.branchSha({ repo, branch: 'main' }) ?? '';

  test('5: a hand-added change:emergency label does not let a change through a freeze window', async () => {
    const { sim } = e2e;
    const repo = 'acme/emergency';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    // Anyone who can label pull requests can add it: it is evidence of nothing.
    await sim.as('dana').addLabels({ repo, number: change.number, labels: ['change:emergency'] });
    await sim.settle();

    const deploy = await gate({ repo, sha: main(repo) });
    expect(deploy.outputs.status).toBe('frozen');
    expect(deploy.code).toBe(1);
    expect(deploy.stdout).toContain('freeze window "always frozen" is in force');
    expect(sim.read.deployments({ repo })).toEqual([]);
  }, 60_000);

  test('5: a hand-added change:emergency label, its labelled event lost, does not drop the steps a deployment status leaves owed', async () => {
    const { sim } = e2e;
    const repo = 'acme/emergency-steps';
    // High risk: "Backup current system state" must be ticked before a production deploy.
    const change = await changeScenario(e2e, repo).open(
      LOW_PRIORITY_BODY.replace('  priority: low', '  priority: low\n  risk_level: high'),
    );
    await change.approve('carl');
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.settle();
    // The label added while GitHub's delivery of its event fails: no evaluation takes it off before the
    // deployment's statuses arrive (the sweep would, later).
    sim.dropWebhooks(true);
    await sim.as('dana').addLabels({ repo, number: change.number, labels: ['change:emergency'] });
    sim.dropWebhooks(false);
    // A staging deploy through the gate, and its success: recorded with the steps it proves.
    const staging = await gate({ repo, sha: main(repo), inputs: { environment: 'staging' } });
    expect(staging.code).toBe(0);
    await gate({
      repo,
      sha: main(repo),
      inputs: { environment: 'staging', command: 'finish', result: 'success' },
      env: staging.env,
    });
    await sim.settle();
    expect(change.history()).toContain('completed');
    // The check the deployment status wrote still says the backup is owed, with no emergency marker.
    const deploy = await gate({ repo, sha: main(repo) });
    expect(deploy.code).toBe(1);
    expect(deploy.stdout).toMatch(
      /step "Backup current system state" must be ticked before a production deploy/,
    );
    expect(sim.read.deployments({ repo, environment: 'production' })).toEqual([]);
  }, 120_000);

  test('1: a second pull request on the same head does not make a pending change deployable', async () => {
    const { sim } = e2e;
    const repo = 'acme/shared-head';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    // A second PR from the same branch (GitHub allows one per base: another base), without `change`.
    await fetch(`${sim.apiUrl}/repos/${repo}/git/refs`, {
      method: 'POST',
      headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'refs/heads/release', sha: main(repo) }),
    });
    await sim.as('dana').openPullRequest({ repo, title: 'Same head', head: 'change', base: 'release' });
    await sim.settle();

    const refused = await gate({ repo, sha: change.headSha, branch: 'change' });
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).not.toBe('approved');
    expect(refused.stdout).toMatch(/#1 \(CHG-\d{4}-001\)/);

    // Approved, the change passes: our run on the head covers both pull requests and passes for each.
    await change.approve('carl');
    const allowed = await gate({ repo, sha: change.headSha, branch: 'change' });
    expect(allowed.stdout).toContain('approved');
    expect(allowed.code).toBe(0);
  });

  test("15: a direct push whose in-scope file is past the commit's first 300 files is refused", async () => {
    const { sim } = e2e;
    const repo = 'acme/big-commit';
    const files: Record<string, string> = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`docs/page-${String(i).padStart(3, '0')}.md`, `${i}\n`]),
    );
    files['zz-secrets/token.txt'] = 'rotated\n';
    const { sha } = await sim.as('dana').pushCommit({ repo, branch: 'main', files });

    const deploy = await gate({ repo, sha });
    expect(deploy.stdout).toContain(`commit ${sha.slice(0, 7)} came in without a pull request`);
    expect(deploy.outputs.status).toBe('rejected');
    expect(deploy.code).toBe(1);
  });

  test('15: a range of more than 300 commits is read to the end: an unapproved merge at its start is found', async () => {
    const { sim } = e2e;
    const repo = 'acme/long-range';
    const first = await gate({ repo, sha: main(repo) });
    expect(first.code).toBe(0);
    await gate({ repo, sha: main(repo), inputs: { command: 'finish', result: 'success' }, env: first.env });
    await sim.settle();

    const unapproved = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await sim.as('dana').mergePullRequest({ repo, number: unapproved.number });
    for (let i = 0; i < 320; i++) {
      await sim.as('dana').pushCommit({ repo, branch: 'main', files: { [`notes/${i}.md`]: `${i}\n` } });
    }

    const deploy = await gate({ repo, sha: main(repo) });
    // The unapproved change #1 at the range's start is what refuses it (not the range's size).
    expect(deploy.stdout).toContain('322 commit(s) since');
    expect(deploy.stdout).toMatch(/refused the deploy to production \((pending|rejected)\):%0A- #1\b/);
    expect(deploy.code).toBe(1);
  });

  test('11: a deployed commit cannot lower its own bar: an emptied scope, no config, other branches', async () => {
    const { sim } = e2e;
    const repo = 'acme/own-bar';
    const config = '.github/change-management.yml';
    const lowered = {
      'empty-scope': { [config]: `${SEED_CONFIG_YAML}\n  scope:\n    paths: []\n` },
      'no-config': { [config]: null },
      'other-branches': { [config]: `${SEED_CONFIG_YAML}\n  scope:\n    branches: [release]\n` },
    };
    for (const [branch, files] of Object.entries(lowered)) {
      // One direct push: the config lowered, and code the real config says needs a change request.
      const { sha } = await sim
        .as('dana')
        .pushCommit({ repo, branch, files: { ...files, 'src/auth.ts': `// ${branch}\n` } });
      const deploy = await gate({ repo, sha, branch });
      expect(
        deploy.code,
        `${branch}: ${deploy.stdout.split('\n').find((line) => line.startsWith('Deploy'))}`,
      ).toBe(1);
      expect(deploy.stdout).toContain('Policy: acme/own-bar:.github/change-management.yml');
      expect(deploy.stdout).toContain(
        `commit ${sha.slice(0, 7)} is on none of the deploy branches (main): where the config's scope requires a change request`,
      );
    }

    // The protection rule reads the same policy, from the same place.
    const run = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'guarded', ref: 'no-config' });
    await sim.settle();
    const answer = sim.read.workflowRun({ runId: run.runId }).protection[0];
    expect(answer?.comment).toContain('is on none of the deploy branches (main)');
    expect(answer?.state).toBe('rejected');
  });

  test('11: a pull request merged into another branch approves nothing on main', async () => {
    const { sim } = e2e;
    const repo = 'acme/side-branch';
    await sim.as('dana').createBranch({ repo, branch: 'develop', sha: main(repo) });
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: 'Fix the session timeout',
      body: LOW_PRIORITY_BODY,
      head: 'fix',
      base: 'develop',
      files: { 'src/auth.ts': 'export const timeout = 5;\n' },
    });
    await sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await sim.as('carl').review({ repo, number: pr.number, event: 'APPROVE', body: 'ok' });
    await sim.as('dana').mergePullRequest({ repo, number: pr.number });
    // develop reaches main without a pull request into main: a fast-forward push.
    const develop = sim.read.branchSha({ repo, branch: 'develop' }) ?? '';
    await sim.as('dana').forcePush({ repo, branch: 'main', sha: develop });

    const deploy = await gate({ repo, sha: develop });
    // #1 was merged into develop, not main: it brought nothing in as far as a deploy of main is concerned.
    expect(deploy.stdout).toContain('pull requests: none');
    expect(deploy.outputs.status).toBe('rejected');
    expect(deploy.stdout).toContain(`commit ${develop.slice(0, 7)} came in without a pull request`);
    expect(deploy.code).toBe(1);
  });

  test('12: a forged "last successful deployment" moves nothing: the range starts at the last vouched one', async () => {
    const { sim } = e2e;
    const repo = 'acme/forged-base';
    const deployed = 'Change Gate · deployed production';
    // A deploy through the gate that succeeds: the app vouches for it with its own check run.
    const base = main(repo);
    const first = await gate({ repo, sha: base });
    expect(first.code).toBe(0);
    await gate({ repo, sha: base, inputs: { command: 'finish', result: 'success' }, env: first.env });
    await sim.settle();

    // An unapproved change is merged (no branch protection), then an approved one.
    const unapproved = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await sim.as('dana').mergePullRequest({ repo, number: unapproved.number });
    const second = await sim.as('dana').openPullRequest({
      repo,
      title: 'Another fix',
      body: LOW_PRIORITY_BODY,
      head: 'second',
      files: { 'src/other.ts': 'export {};\n' },
    });
    await sim.as('dana').addLabels({ repo, number: second.number, labels: ['change'] });
    await sim.as('carl').review({ repo, number: second.number, event: 'APPROVE', body: 'ok' });
    await sim.as('dana').mergePullRequest({ repo, number: second.number });

    // Anyone with deployments: write marks the tip as successfully deployed to production.
    const tip = main(repo);
    const forged = await sim.as('dana').createDeployment({ repo, ref: tip, environment: 'production' });
    await sim.as('dana').createDeploymentStatus({ repo, deploymentId: forged.id, state: 'success' });
    await sim.settle();

    const deploy = await gate({ repo, sha: tip });
    // The range still starts at the vouched deployment: the unapproved #1 is in it and refuses the deploy.
    expect(deploy.stdout).toContain(
      `since the last vouched deployment (${base.slice(0, 7)}); pull requests: #1, #2`,
    );
    expect(deploy.stdout).toMatch(/refused the deploy to production \((pending|rejected)\):%0A- #1\b/);
    expect(deploy.code).toBe(1);
    // The forged deployment is an ungated-deployment finding on the unapproved change, never a voucher.
    expect(unapproved.labels()).toContain('change:deployed-unapproved');
    expect(unapproved.history()).toContain('ungated_deployment');
    expect(unapproved.history()).not.toContain('completed');
    expect(sim.read.checkRuns({ repo, ref: tip }).filter((run) => run.name === deployed)).toEqual([]);
    expect(sim.read.checkRuns({ repo, ref: base }).filter((run) => run.name === deployed)).toHaveLength(1);
  }, 120_000);

  test('13: a forged deployment status neither freezes nor flips an open change', async () => {
    const { sim } = e2e;
    const repo = 'acme/forged-status';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    const changeId = change.check()?.external_id ?? '';
    expect(changeId).toMatch(/^CHG-\d{4}-001$/);
    const forge = async (state: 'in_progress' | 'success') => {
      const payload = {
        change_gate: {
          v: 1,
          changes: [
            {
              pr: change.number,
              change_id: changeId,
              head_sha: change.headSha,
              type: 'bugfix',
              testing_required: false,
            },
          ],
        },
      };
      const forged = await sim
        .as('dana')
        .createDeployment({ repo, ref: change.headSha, environment: 'production', payload });
      await sim.as('dana').createDeploymentStatus({ repo, deploymentId: forged.id, state });
      await sim.settle();
    };

    // A deployment naming the pending change, in progress: it does not start implementing the change.
    await forge('in_progress');
    expect(change.history()).not.toContain('implementing');
    expect(change.history()).toContain('ungated_deployment');
    expect(change.labels()).toEqual(['change:pending-approval', 'change:deployed-unapproved']);

    // Still evaluated: an approval counts.
    await change.approve('carl');
    expect(change.check()?.conclusion).toBe('success');
    expect(change.labels()).toContain('change:approved');

    // Approved, then named by another forged deployment, this time "succeeded": a later rejection still counts.
    await forge('success');
    expect(change.history()).not.toContain('completed');
    await sim.as('carl').review({ repo, number: change.number, event: 'REQUEST_CHANGES', body: 'No.' });
    await sim.settle();
    expect(change.check()?.conclusion).toBe('failure');
    expect(change.labels()).toContain('change:rejected');
  }, 120_000);
});
