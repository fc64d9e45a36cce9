import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type AppProcess, spawnApp, waitUntilListening } from '../../sandbox/harness/app-process.ts';
import { appProcessEnv } from '../../sandbox/harness/app-process-env.ts';
import { freePort } from '../../sandbox/harness/free-port.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import { readHistory } from '../../src/core/history/read-history.ts';
import { createMovedClock } from './support/moved-clock.ts';
import { useE2E } from './support/use-e2e.ts';

const DAY = 24 * 3_600_000;
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const clock = createMovedClock();
const ENV = { CHANGE_GATE_CLOCK_FILE: clock.file, CHANGE_GATE_SWEEP_INTERVAL: '1s' };

/**
 * Two app processes (a deploy with two replicas) against one simulator, both sweeping every second: the
 * signed history still holds one escalation per period. (Without a shared lock (issue 16) both may write the
 * same period; the readers keep the first, the copy is a duplicate that the next evaluation deletes.)
 */
describe('two app processes sweeping the same installation', () => {
  let second: AppProcess | undefined;
  const e2e = useE2E({
    simulator: { now: clock.now },
    env: ENV,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'web' });
    },
  });

  beforeAll(async () => {
    const port = await freePort();
    second = spawnApp({
      repoRoot: REPO_ROOT,
      command: 'npm-start',
      appPath: './src/index.ts',
      env: appProcessEnv({ app: e2e.app, sim: e2e.sim, port, extra: ENV }),
    });
    await waitUntilListening({ url: `http://127.0.0.1:${port}/`, app: second, timeoutMs: 30_000 });
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    clock.remove();
  });

  const historyOf = (number: number) => {
    const comments = e2e.sim.read.comments({ repo: 'acme/web', number }).map((comment) => ({
      id: comment.id,
      author: comment.user?.login ?? '',
      authorIsBot: comment.user?.type === 'Bot',
      body: comment.body ?? '',
      createdAt: comment.created_at,
      updatedAt: comment.updated_at,
      edited: comment.updated_at !== comment.created_at,
    }));
    const pull = e2e.sim.read.pullRequest({ repo: 'acme/web', number });
    return readHistory({
      comments,
      botLogin: 'change-gate[bot]',
      verifiers: [createSigner(e2e.app.privateKeyPem)],
      changeId: changeIdOf({ createdAt: pull.created_at, number }),
      repository: 'acme/web',
      number,
    });
  };
  const periods = (number: number) =>
    historyOf(number)
      .entries.filter(({ entry }) => entry.event === 'escalated')
      .map(({ entry }) => entry.data.period);

  test('one escalation per period in the signed history, the chain intact', async () => {
    const { sim } = e2e;
    const pr = await sim.as('dana').openPullRequest({
      repo: 'acme/web',
      title: 'Implement MFA for Admin Access',
      body: SEED_PR_BODY,
      head: 'mfa',
      files: { 'src/mfa.ts': 'export const mfa = true;\n' },
    });
    await sim.as('dana').addLabels({ repo: 'acme/web', number: pr.number, labels: ['change'] });
    await sim.settle();

    for (const period of [1, 2, 3]) {
      clock.move(period === 1 ? DAY + 60_000 : DAY);
      await vi.waitFor(() => expect(periods(pr.number)).toHaveLength(period), { timeout: 60_000 });
      // Both processes sweep every second: give a duplicate its chance.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await sim.settle();
      expect(periods(pr.number)).toEqual([1, 2, 3].slice(0, period));
    }
    const history = historyOf(pr.number);
    expect(history.chainIntact).toBe(true);
    expect(history.problems.filter((problem) => problem.kind !== 'duplicate')).toEqual([]);
    expect(second?.logs()).toMatch(/sweep of acme/);
  }, 300_000);
});
