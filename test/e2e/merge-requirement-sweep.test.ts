import { describe, expect, test, vi } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { useE2E } from './support/use-e2e.ts';

const WARNING =
  '**This repository does not enforce the gate:** no active ruleset on main requires the check "Change Gate"';

describe('the merge-requirement warning: read by the sweep, once per branch; events use what it read', () => {
  const e2e = useE2E({
    env: { CHANGE_GATE_SWEEP_INTERVAL: '1s' },
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['unenforced', 'enforced']) seedRepo(sim, { org: 'acme', name });
      sim.createRuleset({
        repo: 'acme/enforced',
        name: 'change gate',
        requiredChecks: [{ context: 'Change Gate', app: 'change-gate' }],
      });
    },
  });

  const openChange = async (repo: string) => {
    const pr = await e2e.sim.as('dana').openPullRequest({
      repo,
      title: 'Implement MFA for Admin Access',
      body: SEED_PR_BODY,
      head: 'mfa',
      files: { 'src/auth.ts': 'export const mfa = true;\n' },
    });
    await e2e.sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await e2e.sim.settle();
    await nextGitHubSecond();
    return pr;
  };
  const gateRun = (repo: string, sha: string) =>
    e2e.sim.read
      .checkRuns({ repo, ref: sha })
      .filter((run) => run.name === 'Change Gate')
      .at(-1);
  const rulesReads = (repo: string) =>
    e2e.sim.requestLog.filter((entry) => entry.path.startsWith(`/repos/${repo}/rules/branches/`));
  const branchReads = (repo: string) =>
    e2e.sim.requestLog.filter((entry) => entry.path === `/repos/${repo}/branches/main`);

  test("a change's check warns once the sweep read that the branch does not require the check, and not where a ruleset pins it", async () => {
    const { sim } = e2e;
    const bare = await openChange('acme/unenforced');
    const enforced = await openChange('acme/enforced');
    // The sweep reads each open pull request's base branch, its rules and its protection side by side (once:
    // then every ten minutes at most); both answers are in before the edits below.
    await vi.waitFor(
      () => {
        for (const repo of ['acme/unenforced', 'acme/enforced']) {
          expect(rulesReads(repo)).toHaveLength(1);
          expect(branchReads(repo)).toHaveLength(1);
        }
      },
      { timeout: 30_000 },
    );
    // The next evaluation of each change (an edit here) uses what the sweep read, and reads nothing for it.
    const mark = sim.mark();
    for (const [repo, number] of [
      ['acme/unenforced', bare.number],
      ['acme/enforced', enforced.number],
    ] as const) {
      await sim.as('dana').editPullRequest({ repo, number, title: 'MFA for admins' });
    }
    await sim.settle();
    const warned = gateRun('acme/unenforced', bare.headSha);
    expect(warned?.output.text).toContain(WARNING);
    expect(warned?.output.text).toContain('`change-gate doctor --repo acme/unenforced`');
    const quiet = gateRun('acme/enforced', enforced.headSha);
    expect(quiet?.output.title).toMatch(/^Pending approval/);
    expect(quiet?.output.text ?? '').not.toContain('does not enforce the gate');
    expect(
      sim
        .requestsSince(mark)
        .filter((request) => /\/rules\/branches\/|\/branches\/main$/.test(request.path ?? '')),
    ).toEqual([]);
    // Later sweeps read them no more within ten minutes.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(rulesReads('acme/unenforced')).toHaveLength(1);
  }, 90_000);
});
