import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../../sandbox/seed-org.ts';
import { LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { quiesce } from './support/quiesce.ts';
import { useE2E } from './support/use-e2e.ts';

type Fault = 'error' | 'error-after-write';
const CASES: Fault[] = ['error-after-write', 'error'];
const VOUCHER = 'Change Gate · deployed production';

/**
 * A deployment's success: the app's process approved the deployment through the protection rule, so its
 * voucher (the "deployed" run on the deployed commit: the next deploy's range starts there) goes unread in the
 * request after the change's entries (AfterEntries), with the labels and the steps comment. That request
 * failing, after GitHub wrote or before: the voucher is written after reading the deployed commit's runs, so
 * the commit carries exactly one, and the change's history its entries once.
 */
describe("a deployment's voucher in the request after the entries, failing (real app process, simulated GitHub)", () => {
  const e2e = useE2E({
    // The failed attempt answers its delivery 500 (GitHub sees it fail); the app handles the event again itself.
    allowFailedDeliveries: true,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['calm', ...CASES]) {
        seedRepo(sim, { org: 'acme', name });
        sim.createEnvironment({
          repo: `acme/${name}`,
          name: 'production',
          protectionRuleApps: ['change-gate'],
        });
      }
    },
  });

  const shipped = async (name: string, fault?: Fault) => {
    const { sim } = e2e;
    const repo = `acme/${name}`;
    await seedStatusLabels(sim, repo);
    const pr = await sim.as('dana').openPullRequest({
      repo,
      title: 'Fix',
      body: LOW_PRIORITY_BODY,
      head: 'fix',
      files: { 'src/fix.ts': 'export const fix = 1;\n' },
    });
    await sim.as('dana').addLabels({ repo, number: pr.number, labels: ['change'] });
    await quiesce(e2e);
    await nextGitHubSecond();
    await sim.as('carl').review({ repo, number: pr.number, event: 'APPROVE', body: 'ok' });
    await quiesce(e2e);
    await sim.as('dana').mergePullRequest({ repo, number: pr.number });
    await quiesce(e2e);
    const { runId } = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'main' });
    await quiesce(e2e);
    expect(sim.read.workflowRun({ runId }).protection[0]?.state).toBe('approved');
    const mark = sim.mark();
    if (fault)
      sim.faults.add({ route: 'POST /graphql', graphqlOperation: 'AfterEntries', kind: fault, times: 1 });
    await sim.as('dana').completeWorkflowRun({ repo, runId, conclusion: 'success' });
    await quiesce(e2e);
    sim.faults.clear();
    const deployed = sim.read.branchSha({ repo, branch: 'main' }) ?? '';
    const history = sim.read
      .comments({ repo, number: pr.number })
      .filter((comment) => comment.body?.includes('<!-- change-gate:history'))
      .map((comment) =>
        [...(comment.body ?? '').matchAll(/"event":"(\w+)"/g)].map((match) => match[1]).join(' '),
      );
    return {
      vouchers: sim.read.checkRuns({ repo, ref: deployed }).filter((run) => run.name === VOUCHER).length,
      history,
      labels: sim.read.labels({ repo, number: pr.number }),
      requests: sim
        .requestsSince(mark)
        .filter(
          (request) =>
            request.graphqlOperationName === 'AfterEntries' || request.template?.endsWith('/check-runs'),
        )
        .map(
          (request) =>
            `${request.graphqlOperationName ?? `${request.method} ${request.template}`} ${request.status}${request.fault ? ` (${request.fault})` : ''}`,
        ),
    };
  };

  test('one voucher on the deployed commit, the entries once, whether GitHub wrote before failing or not', {
    timeout: 300_000,
  }, async () => {
    const calm = await shipped('calm');
    expect(calm.vouchers).toBe(1);
    // The voucher went in the request with the labels and the steps comment: no REST run of its own.
    expect(calm.requests).toEqual(['AfterEntries 200']);
    for (const fault of CASES) {
      const stormy = await shipped(fault, fault);
      expect(stormy.vouchers, fault).toBe(1);
      expect(stormy.history, fault).toEqual(calm.history);
      expect(stormy.labels, fault).toEqual(calm.labels);
      // After the failed request the deployed commit's runs are read before any voucher is written again
      // (written: found, none written; not written: one, by REST); the retry's request holds the labels.
      const read = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs 200';
      const post = 'POST /repos/{owner}/{repo}/check-runs 201';
      expect(stormy.requests.slice(0, 2), fault).toEqual([
        fault === 'error' ? 'AfterEntries 502 (error 502)' : 'AfterEntries 502 (error 502 after write)',
        read,
      ]);
      expect(
        stormy.requests.filter((request) => request === post),
        fault,
      ).toHaveLength(fault === 'error' ? 1 : 0);
    }
  });
});
