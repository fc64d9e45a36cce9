import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbotHarness, examplePayload } from '../support/probot-harness.ts';

const DELIVERIES = 3_000;
const MIB = 2 ** 20;
const oldSpaceUsed = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
/** V8's full collection, asked for as `node --expose-gc` would allow. */
const fullCollection = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

/**
 * The whole app as Probot runs it (instrumentApp, oncePerDelivery, the issue-comment handler) keeps nothing of a
 * webhook that asks nothing of it once its delivery is handled. 3,000 deliveries of a person's comment without a
 * command (GitHub's example payload with 300 more objects, each delivery a copy of its own), one after another:
 * - the old generation grows by what survived young-generation collections: 1.2 MiB here, 129 MiB when a
 *   delivery's claim, kept in a WeakMap keyed by the Context, closed over that Context (the bug 3f921b8 fixed);
 * - after a full collection it holds nothing more than before (a leak).
 */
describe('webhooks that change nothing, through the whole app', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());

  it('leave nothing behind: their payloads die young, and nothing is retained', async () => {
    const harness = createProbotHarness();
    const comment = examplePayload('issue_comment', 'created', (payload) => {
      payload.comment.body = 'Looks good to me.';
      payload.comment.user.type = 'User';
      payload.padding = Array.from({ length: 300 }, (_, index) => ({ index, text: `padding ${index}` }));
    });
    const deliver = (count: number) =>
      (async () => {
        for (let index = 0; index < count; index++)
          await harness.receive('issue_comment', structuredClone(comment));
      })();
    // Warm: the first deliveries compile code and fill caches that stay.
    await deliver(200);
    fullCollection();
    const before = oldSpaceUsed();
    await deliver(DELIVERIES);
    const promoted = (oldSpaceUsed() - before) / MIB;
    fullCollection();
    const retained = (oldSpaceUsed() - before) / MIB;
    expect(promoted).toBeLessThan(12);
    expect(retained).toBeLessThan(2);
  });
});
