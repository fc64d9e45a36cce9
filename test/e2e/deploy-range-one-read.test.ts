import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

/** A direct push under src/ needs a change request. */
const SRC_SCOPED = `${SEED_CONFIG_YAML}\n  scope:\n    paths: ["src/**"]\n`;

describe('the range of a deploy told from the gate’s first read (DeployStart), the compare when it cannot tell', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['pushed', 'late-branch']) {
        seedRepo(sim, { org: 'acme', name, config: SRC_SCOPED });
        sim.createEnvironment({
          repo: `acme/${name}`,
          name: 'production',
          protectionRuleApps: ['change-gate'],
        });
      }
    },
  });
  const main = (repo: string) => e2e.sim.read.branchSha({ repo, branch: 'main' }) ?? '';

  /** dana opens a change from `head`, carl approves it, dana merges it. */
  const approvedAndMerged = async (repo: string, head: string) => {
    const { sim } = e2e;
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: `Fix ${head}`,
      body: LOW_PRIORITY_BODY,
      head,
      files: { [`src/${head}.ts`]: `export const ${head.replace('-', '_')} = 1;\n` },
    });
    await sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await sim.settle();
    await nextGitHubSecond();
    await sim.as('carl').review({ repo, number: pr.number, event: 'APPROVE', body: 'ok' });
    await sim.settle();
    await sim.as('dana').mergePullRequest({ repo, number: pr.number });
    await sim.settle();
    return pr;
  };
  /** A deploy of main through the protection rule; with `success`, vouched (the range's next start). */
  const deploy = async (repo: string, options: { success?: boolean } = {}) => {
    const { sim } = e2e;
    const { runId } = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
    await sim.settle();
    const protection = sim.read.workflowRun({ runId }).protection[0];
    if (options.success && protection?.state === 'approved') {
      await sim.as('dana').completeWorkflowRun({ repo, runId, conclusion: 'success' });
      await sim.settle();
    }
    return protection;
  };
  const rangeReads = (mark: ReturnType<typeof e2e.sim.mark>) =>
    e2e.sim
      .requestsSince(mark)
      .filter(
        (request) =>
          request.graphqlOperationName === 'DeployRange' ||
          request.template === '/repos/{owner}/{repo}/compare/{basehead}' ||
          request.template === '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
      )
      .map((request) => request.graphqlOperationName ?? request.template);

  test('a commit pushed to main without a pull request, between two deploys, is in the range the first read gives', async () => {
    const { sim } = e2e;
    const repo = 'acme/pushed';
    await approvedAndMerged(repo, 'first');
    expect((await deploy(repo, { success: true }))?.state).toBe('approved');
    const pushed = await sim
      .as('dana')
      .pushCommit({ repo, branch: 'main', files: { 'src/direct.ts': 'x\n' } });
    await approvedAndMerged(repo, 'second');

    const mark = sim.mark();
    const refused = await deploy(repo);
    expect(refused?.state).toBe('rejected');
    expect(refused?.comment).toContain(`commit ${pushed.sha.slice(0, 7)} came in without a pull request`);
    // The range and its pull requests with the gate's first read: no DeployRange, no compare, no pull
    // requests read per commit.
    expect(rangeReads(mark)).toEqual([]);
    expect(
      sim.requestsSince(mark).filter((request) => request.graphqlOperationName === 'DeployStart'),
    ).toHaveLength(1);
  }, 120_000);

  test('a branch that left main before the last deploy: the compare tells the range, and nothing is missed', async () => {
    const { sim } = e2e;
    const repo = 'acme/late-branch';
    const before = main(repo);
    await approvedAndMerged(repo, 'first');
    expect((await deploy(repo, { success: true }))?.state).toBe('approved');
    // A branch from before the deploy (two commits): its history reaches behind the deployed commit without
    // passing it, so the first read's history cannot prove where the range ends.
    await sim.as('dana').createBranch({ repo, branch: 'late', sha: before });
    await sim.as('dana').pushCommit({ repo, branch: 'late', files: { 'src/late-push.ts': 'y\n' } });
    await approvedAndMerged(repo, 'late');

    const mark = sim.mark();
    const approved = await deploy(repo);
    // The first read's history was whole: DeployRange would list the same commits, so the compare tells.
    expect(rangeReads(mark)[0]).toBe('/repos/{owner}/{repo}/compare/{basehead}');
    expect(rangeReads(mark)).not.toContain('DeployRange');
    // The late branch's commit came in with its approved pull request: the deploy is approved.
    expect(approved?.state).toBe('approved');
  }, 120_000);
});
