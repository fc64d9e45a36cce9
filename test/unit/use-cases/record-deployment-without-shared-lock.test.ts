import { describe, expect, test } from 'vitest';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import { lockOfOneReplica } from '../../support/replica-locks.ts';
import { approvedAndMerged, events, payloadFor, recorder, statusEvent } from './record-deployment-harness.ts';

/** Records a deploy's start and end with a replica's lock: how often it read the change. */
const recordWithLock = async (exclusive: boolean) => {
  const { harness, pr } = await approvedAndMerged();
  const { record, port } = recorder(harness, [pr], {
    ...harness.deps,
    lock: lockOfOneReplica(exclusive),
  });
  let reads = 0;
  const counting: GitHubPort = {
    ...port,
    readChange: (ref) => {
      reads++;
      return port.readChange(ref);
    },
  };
  const payload = payloadFor(harness, pr);
  await record(statusEvent(harness, { state: 'in_progress', payload, statusId: 1 }), counting);
  await record(statusEvent(harness, { state: 'success', payload, statusId: 2 }), counting);
  expect(events(harness, pr)).toEqual(['submitted', 'approved', 'implementing', 'completed']);
  // A fresh evaluation finds GitHub as it should be.
  const writes = harness.github.writes.length;
  await harness.reconcile(pr);
  expect(harness.github.writes.length).toBe(writes);
  return { reads };
};

describe('recording a deployment without the replicas shared lock (Redis unreachable)', () => {
  test('each status that wrote is followed by an evaluation of the change (another replica may have written from an older read)', async () => {
    const { reads } = await recordWithLock(false);
    // Two statuses: each read once to record, then at least once by the evaluation after it.
    expect(reads).toBeGreaterThanOrEqual(4);
  });

  test('with the shared lock held throughout, each status reads the change once', async () => {
    const { reads } = await recordWithLock(true);
    expect(reads).toBe(2);
  });
});
