import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../../sandbox/seed-org.ts';
import { STEPS_COMMENT_PREFIX } from '../../src/core/steps/steps-comment-marker.ts';
import { changeScenario } from './support/change-scenario.ts';
import { quiesce } from './support/quiesce.ts';
import { useE2E } from './support/use-e2e.ts';

const APPROVERS = ['sam', 'lee', 'erin', 'carl'];
type Fault = 'error' | 'error-after-write';
type Where = 'submission' | 'last approval';
/** The request that fails: the check with the entries after it, or the writes after the entries. */
type Operation = 'CheckThenEntries' | 'AfterEntries';
type Case = [Where, Fault, Operation];
const CASES: Case[] = process.env.DEBUG_AFTER
  ? [['submission', 'error', 'AfterEntries']]
  : [
      ['submission', 'error-after-write', 'AfterEntries'],
      ['submission', 'error', 'AfterEntries'],
      ['last approval', 'error-after-write', 'AfterEntries'],
      ['last approval', 'error', 'AfterEntries'],
      ['submission', 'error-after-write', 'CheckThenEntries'],
      ['submission', 'error', 'CheckThenEntries'],
    ];
const repoOf = ([where, fault, operation]: Case) =>
  `${where.replace(' ', '-')}-${fault}${operation === 'AfterEntries' ? '' : '-together'}`;
const REPOS = ['calm', ...CASES.map(repoOf)];

/**
 * The writes after a change's entries go in one GraphQL request (AfterEntries) when the repository has the
 * labels: at the submission the check with the chain head, the labels and the NEW steps comment
 * (addComment); at the last approval the passing check and the labels. Before them, at the submission, the
 * check that does not pass and the entry go in one request too (CheckThenEntries). Either request failing,
 * before or after GitHub wrote, ends as the calm lifecycle: the entries once, one steps comment, the check and labels right,
 * through the event's retry, which reads again first (a mutation is never resent blindly).
 */
describe('the request after the entries failing (real app process, simulated GitHub)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of REPOS) seedRepo(sim, { org: 'acme', name });
    },
  });

  const lifecycle = async (repo: string, fault?: Case) => {
    await seedStatusLabels(e2e.sim, `acme/${repo}`);
    const start = e2e.sim.requestLog.length;
    const inject = (where: Where) => {
      if (fault?.[0] !== where) return;
      e2e.sim.faults.add({
        route: 'POST /graphql',
        graphqlOperation: fault[2],
        kind: fault[1],
        times: 1,
      });
    };
    inject('submission');
    const change = await changeScenario(e2e, `acme/${repo}`).open();
    await quiesce(e2e);
    await nextGitHubSecond();
    for (const [index, login] of APPROVERS.entries()) {
      if (index === APPROVERS.length - 1) inject('last approval');
      await change.approve(login);
      await quiesce(e2e);
    }
    e2e.sim.faults.clear();
    const requests = e2e.sim.requestLog
      .slice(start)
      .filter((entry) => entry.graphqlOperationName === (fault?.[2] ?? 'AfterEntries'))
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
        stepsComments: botComments.filter((comment) => comment.body?.startsWith(STEPS_COMMENT_PREFIX)).length,
      },
      requests,
    };
  };

  test('a 502 after GitHub wrote, or before: the retry reads again, nothing is written twice', {
    timeout: 600_000,
  }, async () => {
    const calm = await lifecycle('calm');
    expect(calm.end).toMatchObject({
      conclusion: 'success',
      labels: ['change:approved'],
      history: ['submitted', 'approved'],
      stepsComments: 1,
    });
    // The submission's request (with the new steps comment) and the last approval's.
    expect(calm.requests).toEqual(['200', '200']);

    for (const fault of CASES) {
      const stormy = await lifecycle(repoOf(fault), fault);
      const label = fault.join(', ');
      expect(stormy.end, label).toEqual(calm.end);
      // Written: the retry reads again and finds nothing left to send. Not written: the retry sends what is
      // left (the labels and the steps comment after a submission; the check and labels after the approval).
      const failed = fault[1] === 'error' ? '502 (error 502)' : '502 (error 502 after write)';
      const retried = fault[1] === 'error' ? ['200'] : [];
      // CheckThenEntries is sent once per lifecycle (the submission's): written, its retry has no entry left
      // to write, and brings the due check up to date with the writes after the entries.
      const expected =
        fault[2] === 'CheckThenEntries'
          ? [failed, ...retried]
          : fault[0] === 'submission'
            ? [failed, ...retried, '200']
            : ['200', failed, ...retried];
      expect(stormy.requests, label).toEqual(expected);
    }
  });
});
