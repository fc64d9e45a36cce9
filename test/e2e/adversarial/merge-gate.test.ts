import { describe, expect, test, vi } from 'vitest';
import { SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../support/change-scenario.ts';
import { useE2E } from '../support/use-e2e.ts';

/**
 * Trust model, merge gate (issue 10, items 1–6 and 14, and app attribution): each test is an attack an
 * ordinary repository user can play through GitHub, and what the app's check run, labels and history
 * must say afterwards. LOW_PRIORITY_BODY needs one role, change-manager (carl).
 */
const TESTED_CONFIG = SEED_CONFIG_YAML.replace(
  'required_for: ["security", "infrastructure"]',
  'required_for: ["security", "infrastructure", "bugfix"]\n    required_checks: ["unit-tests"]\n    coverage_check: "coverage"',
);
const TESTED_BODY = LOW_PRIORITY_BODY.replace(
  '  rollback_plan: "Revert the commit"',
  '  rollback_plan: "Revert the commit"\n  test_plan: "Unit tests"\n  test_environment: staging',
);
const RELAXED_CONFIG = `${SEED_CONFIG_YAML}\n  separation_of_duties:\n    exclude_commit_authors: false\n`;

/** A scenario waits on Probot's write throttle (about one write a second) and on whole-second timestamps. */
const SCENARIO_MS = 90_000;

/** GitHub timestamps have whole seconds: steps whose order matters are a second apart. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('adversarial: the merge gate', { timeout: SCENARIO_MS }, () => {
  const tokens: Record<string, string> = {};
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      sim.createUser({ login: 'cora' });
      sim.addTeamMember({ org: 'acme', team: 'change-manager', user: 'cora' });
      for (const name of ['labels', 'rejected-review', 'rejected-comment', 'returning-head', 'shared-head']) {
        seedRepo(sim, { org: 'acme', name });
      }
      seedRepo(sim, { org: 'acme', name: 'commit-author' });
      seedRepo(sim, { org: 'acme', name: 'commit-author-relaxed', config: RELAXED_CONFIG });
      seedRepo(sim, { org: 'acme', name: 'untrusted-tests', config: TESTED_CONFIG });
      seedRepo(sim, { org: 'acme', name: 'merged-pending' });
      seedRepo(sim, { org: 'acme', name: 'bot-review' });
      sim.createEnvironment({
        repo: 'acme/merged-pending',
        name: 'production',
        protectionRuleApps: ['change-gate'],
      });
      // Other apps: CI we trust by default (GitHub Actions), CI we do not, and an app named like a person.
      const apps = {
        'github-actions': { checks: 'write', statuses: 'write', metadata: 'read' },
        'evil-ci': { checks: 'write', statuses: 'write', metadata: 'read' },
        carl: { pull_requests: 'write', metadata: 'read' },
      } as const;
      for (const [slug, permissions] of Object.entries(apps)) {
        const app = sim.registerApp({ slug, permissions: { ...permissions }, events: [] });
        const installation = sim.installApp({ app: app.id, account: 'acme' });
        tokens[slug] = sim.createInstallationToken({ installationId: installation.id });
      }
    },
  });

  /** A REST call as another app (its installation token). */
  const asApp = async (slug: string, path: string, body: unknown) => {
    const response = await fetch(`${e2e.sim.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `token ${tokens[slug]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    await e2e.sim.settle();
  };

  test('5: status labels are outputs: hand-added ones are removed, unlabeling a merged change cancels nothing', async () => {
    const { sim } = e2e;
    const repo = 'acme/labels';
    const offset = e2e.process.logOffset();
    const plain = await sim
      .as('dana')
      .openPullRequest({ repo, title: 'Docs', head: 'docs', files: { 'docs.md': 'x' } });
    await sim.as('mallory').addLabels({ repo, number: plain.number, labels: ['change:approved'] });
    expect(sim.read.labels({ repo, number: plain.number })).toEqual([]);
    // The app's output reaches this process through a pipe: wait for the line rather than race it.
    await vi.waitFor(
      () =>
        expect(e2e.process.logsSince(offset)).toMatch(
          /mallory[^\n]*change:approved|change:approved[^\n]*mallory/,
        ),
      { timeout: 10_000 },
    );

    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    await sim.as('mallory').addLabels({ repo, number: change.number, labels: ['change:emergency'] });
    expect(change.labels()).toEqual(['change:pending-approval']);

    await sim.as('dana').removeLabel({ repo, number: change.number, label: 'change' });
    expect(change.history()).toEqual(['submitted']);
    expect(change.labels()).not.toContain('change:cancelled');
  });

  test('4: a dismissed CHANGES_REQUESTED review still rejects until the rejecter approves', async () => {
    const { sim } = e2e;
    const repo = 'acme/rejected-review';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    const review = await sim.as('carl').review({
      repo,
      number: change.number,
      event: 'REQUEST_CHANGES',
      body: 'Rollback plan is missing a step',
    });
    await sim
      .as('acme-admin')
      .dismissReview({ repo, number: change.number, reviewId: review.id, message: 'ignore' });

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.labels()).toEqual(['change:rejected']);
    expect(change.summary()).toContain('Rollback plan is missing a step');

    await nextSecond();
    await change.approve('carl');
    expect(change.check()).toMatchObject({ conclusion: 'success' });
    expect(change.history()).toEqual(['submitted', 'rejected', 'approved']);
  });

  test('4: a deleted /reject still rejects until another holder of the role approves', async () => {
    const { sim } = e2e;
    const repo = 'acme/rejected-comment';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    const { id } = await sim
      .as('carl')
      .comment({ repo, number: change.number, body: '/reject not this week' });
    expect(change.labels()).toEqual(['change:rejected']);
    await sim.as('carl').deleteComment({ repo, commentId: id });

    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(change.labels()).toEqual(['change:rejected']);
    expect(change.summary()).toContain('not this week');

    await nextSecond();
    await change.approve('cora');
    expect(change.check()).toMatchObject({ conclusion: 'success' });
    expect(change.labels()).toEqual(['change:approved']);
  });

  test('2: /approve comments given while the head was another commit do not count after a force-push back', async () => {
    const { sim } = e2e;
    const repo = 'acme/returning-head';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    const first = change.headSha;
    await change.push();
    const second = change.headSha;
    expect(change.check()).toBeDefined();

    await sim.as('dana').forcePush({ repo, branch: 'change', sha: first });
    await nextSecond();
    await sim.as('carl').comment({ repo, number: change.number, body: '/approve' });
    expect(sim.read.labels({ repo, number: change.number })).toContain('change:approved');
    await nextSecond();
    await sim.as('dana').forcePush({ repo, branch: 'change', sha: second });

    const onSecond = sim.read.checkRuns({ repo, ref: second }).filter((run) => run.name === 'Change Gate');
    expect(onSecond.at(-1)?.conclusion).not.toBe('success');
    expect(sim.read.labels({ repo, number: change.number })).toContain('change:pending-approval');

    await nextSecond();
    await sim.as('carl').comment({ repo, number: change.number, body: '/approve' });
    const after = sim.read.checkRuns({ repo, ref: second }).filter((run) => run.name === 'Change Gate');
    expect(after.at(-1)?.conclusion).toBe('success');
  });

  test('3: a role holder who pushed a commit to the change cannot approve it (unless the config allows)', async () => {
    const { sim } = e2e;
    for (const [repo, counts] of [
      ['acme/commit-author', false],
      ['acme/commit-author-relaxed', true],
    ] as const) {
      const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
      await sim
        .as('carl')
        .pushCommit({ repo, branch: 'change', files: { 'src/auth.ts': 'carl was here\n' } });
      await change.push();
      await nextSecond();
      await change.approve('carl');
      if (counts) {
        expect(change.check()).toMatchObject({ conclusion: 'success' });
      } else {
        expect(change.check()?.conclusion).not.toBe('success');
        expect(change.summary()).toMatch(/@carl[^\n]*(author|committ)[^\n]*commit/);
      }
    }
  });

  test('6: test results from untrusted apps and statuses count for nothing, and the check says why', async () => {
    const { sim } = e2e;
    const repo = 'acme/untrusted-tests';
    const change = await changeScenario(e2e, repo).open(TESTED_BODY);
    expect(change.check()?.output.title).toMatch(/^Pending approval/);
    await change.approve('carl');
    await asApp('evil-ci', `/repos/${repo}/check-runs`, {
      name: 'unit-tests',
      head_sha: change.headSha,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'All green', summary: 'trust me' },
    });
    await sim.as('mallory').createStatus({
      repo,
      sha: change.headSha,
      state: 'success',
      context: 'coverage',
      description: 'coverage 99%',
    });
    await sim.settle();

    expect(change.check()?.conclusion).not.toBe('success');
    // As GitHub renders it: Markdown escapes removed.
    const text = (change.check()?.output.text ?? '').replace(/\\(.)/g, '$1').replaceAll('&#64;', '@');
    expect(text).toMatch(/unit-tests[^\n]*evil-ci[^\n]*not trusted/);
    expect(text).toMatch(/coverage[^\n]*mallory[^\n]*not trusted/);

    await asApp('github-actions', `/repos/${repo}/check-runs`, {
      name: 'unit-tests',
      head_sha: change.headSha,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Tests passed', summary: '120 tests' },
    });
    await asApp('github-actions', `/repos/${repo}/check-runs`, {
      name: 'coverage',
      head_sha: change.headSha,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Coverage 91%', summary: 'lines 91%' },
    });
    expect(change.check()).toMatchObject({ conclusion: 'success' });
  });

  test('1: a second pull request on the same head cannot turn the shared check green', async () => {
    const { sim } = e2e;
    const repo = 'acme/shared-head';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await sim.as('mallory').createBranch({ repo, branch: 'copy', sha: change.headSha });
    const other = await sim.as('mallory').openPullRequest({ repo, title: 'Same commit', head: 'copy' });
    expect(other.headSha).toBe(change.headSha);
    await sim.as('mallory').editPullRequest({ repo, number: other.number, title: 'Same commit, again' });

    const covered = `<!-- change-gate:covers #${change.number} #${other.number} -->`;
    expect(change.check()?.conclusion).not.toBe('success');
    expect(change.check()?.output.summary).toContain(covered);
    expect(change.summary()).toContain(`#${other.number}`);

    await change.approve('carl');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(change.check()?.output.summary).toContain(covered);
  });

  test('14: a change merged while pending is approved by later approvals, and its waiting deploy released', async () => {
    const { sim } = e2e;
    const repo = 'acme/merged-pending';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    const head = change.headSha;
    await sim.as('dana').mergePullRequest({ repo, number: change.number });
    const run = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
    expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.state).toBe('pending');
    // An edit after the merge is not a new version to approve: the merged block is what counts.
    await sim.as('dana').editPullRequest({
      repo,
      number: change.number,
      body: LOW_PRIORITY_BODY.replace('Fix the session timeout', 'Fix the session timeout (merged)'),
    });

    await nextSecond();
    await change.approve('carl');

    const runs = sim.read.checkRuns({ repo, ref: head }).filter((r) => r.name === 'Change Gate');
    expect(runs.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.state).toBe('approved');
    // Released, the deploy starts: the change moves on to implementing. No edit was recorded as a new version.
    expect(change.history().slice(0, 2)).toEqual(['submitted', 'approved']);
    expect(change.history()).not.toContain('invalidated');
    expect(change.labels()).not.toContain('change:pending-approval');
  }, 60_000);

  test('a review by a GitHub App named like a role holder is the app’s, not the person’s', async () => {
    const repo = 'acme/bot-review';
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    await asApp('carl', `/repos/${repo}/pulls/${change.number}/reviews`, { event: 'APPROVE', body: 'LGTM' });

    expect(change.check()?.conclusion).not.toBe('success');
    expect(change.summary()).toContain('carl[bot]');
    expect(change.labels()).toEqual(['change:pending-approval']);
  });
});
