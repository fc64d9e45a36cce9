import { describe, expect, test } from 'vitest';
import { sendSignedWebhooks } from '../../bench/send-signed-webhooks.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { useE2E } from './support/use-e2e.ts';

const REPO = 'acme/racing';
const COPIES = 12;

describe('events racing on one change share its evaluation (real app process, simulated GitHub)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'racing' });
    },
  });

  test('a burst of one sender’s events on one pull request: every one answered, far fewer reads than events', async () => {
    const { sim } = e2e;
    const pr = await sim.as('dana').openPullRequest({
      repo: REPO,
      title: 'Tidy up',
      body: 'Nothing to gate.',
      head: 'tidy',
      files: { 'src/tidy.ts': 'export {};\n' },
    });
    await sim.settle();
    const opened = sim.deliveries.find(
      (delivery) =>
        delivery.event === 'pull_request' &&
        delivery.action === 'opened' &&
        (delivery.payload.pull_request as { number: number }).number === pr.number,
    );
    if (!opened) throw new Error('no pull_request.opened delivery was recorded');

    // Each GitHub answer takes 300 ms: the copies all arrive while the first evaluation is reading.
    sim.setLatency({ fixedMs: 300 });
    const mark = sim.mark();
    try {
      const sent = await sendSignedWebhooks({
        urls: [e2e.webhookUrl],
        webhooks: [{ headers: opened.headers, body: opened.body }],
        concurrency: COPIES,
        count: COPIES,
      });
      expect(sent.failures).toEqual([]);
      expect(sent.handled).toBe(COPIES);
    } finally {
      sim.setLatency(undefined);
    }
    const reads = sim
      .requestsSince(mark)
      .filter((request) => request.api === 'graphql' && request.graphqlOperationName === 'ChangeFacts');
    // The first copy's evaluation, and one queued behind it that every later copy joined (a little slack for
    // a copy that reaches a busy machine after that one started reading). Without joining: one per copy.
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.length).toBeLessThanOrEqual(4);
    // Nothing changed on GitHub, so nothing was written.
    expect(
      sim.requestsSince(mark).filter((request) => request.method !== 'GET' && request.api === 'rest'),
    ).toEqual([]);
  });
});
