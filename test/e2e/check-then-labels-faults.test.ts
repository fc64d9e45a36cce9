import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../../sandbox/seed-org.ts';
import { changeScenario } from './support/change-scenario.ts';
import { quiesce } from './support/quiesce.ts';
import { useE2E } from './support/use-e2e.ts';

const APPROVERS = ['sam', 'lee', 'erin', 'carl'];
const REPOS = ['calm', 'after-write', 'refused'];

/**
 * The last approval's passing check and labels go in one GraphQL request (CheckThenLabels) after the entry,
 * when the repository has the labels. That request failing, before or after GitHub wrote, ends as the calm
 * lifecycle: the entry once, the check passing, the labels right, through the event's retry.
 */
describe('the check-then-labels request failing (real app process, simulated GitHub)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of REPOS) seedRepo(sim, { org: 'acme', name });
    },
  });

  const lifecycle = async (repo: string, fault?: 'error' | 'error-after-write') => {
    await seedStatusLabels(e2e.sim, `acme/${repo}`);
    const change = await changeScenario(e2e, `acme/${repo}`).open();
    await quiesce(e2e);
    await nextGitHubSecond();
    const start = e2e.sim.requestLog.length;
    for (const [index, login] of APPROVERS.entries()) {
      if (fault && index === APPROVERS.length - 1) {
        e2e.sim.faults.add({
          route: 'POST /graphql',
          graphqlOperation: 'CheckThenLabels',
          kind: fault,
          times: 1,
        });
      }
      await change.approve(login);
      await quiesce(e2e);
    }
    e2e.sim.faults.clear();
    const requests = e2e.sim.requestLog
      .slice(start)
      .filter((entry) => entry.graphqlOperationName === 'CheckThenLabels')
      .map((entry) => `${entry.status}${entry.fault ? ` (${entry.fault})` : ''}`);
    const botComments = e2e.sim.read
      .comments({ repo: `acme/${repo}`, number: change.number })
      .filter((comment) => comment.user?.login === 'change-gate[bot]');
    return {
      end: {
        conclusion: change.check()?.conclusion,
        title: change.check()?.output.title,
        labels: change.labels(),
        history: change.history(),
        botComments: botComments.length,
      },
      requests,
    };
  };

  test('a 502 after GitHub wrote, or before: the retry sends the request again, nothing is written twice', {
    timeout: 300_000,
  }, async () => {
    const calm = await lifecycle('calm');
    expect(calm.end).toMatchObject({
      conclusion: 'success',
      labels: ['change:approved'],
      history: ['submitted', 'approved'],
    });
    expect(calm.requests).toEqual(['200']);

    const afterWrite = await lifecycle('after-write', 'error-after-write');
    expect(afterWrite.requests[0]).toBe('502 (error 502 after write)');
    // The retry re-reads: the check passes and the labels are right already, nothing left to send.
    expect(afterWrite.end).toEqual(calm.end);

    const refused = await lifecycle('refused', 'error');
    expect(refused.requests).toEqual(['502 (error 502)', '200']);
    expect(refused.end).toEqual(calm.end);
  });
});
