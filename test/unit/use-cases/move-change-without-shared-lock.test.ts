import { describe, expect, test } from 'vitest';
import { implementChange } from '../../../src/use-cases/implement-change.ts';
import type { KeyedLock } from '../../../src/use-cases/keyed-lock.ts';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness } from '../../support/reconcile-harness.ts';
import { lockOfOneReplica, slowFirstRead } from '../../support/replica-locks.ts';

const BODY = `A small fix.\n\n${LOW_PRIORITY_BLOCK}`;

/**
 * An issue change carl approved. `/implement` by olive reads it, then waits; meanwhile carl rejects it and
 * another replica evaluates the rejection; then the move goes on with what it read and writes after that
 * replica: its entry, labels and status comment speak of an approved change being implemented.
 */
const staleMove = async (lock: KeyedLock) => {
  const harness = createReconcileHarness({ start: '2026-03-02T10:00:00Z' });
  const number = harness.github.openIssue({ author: 'dana', body: BODY, labels: ['change'] });
  await harness.reconcile(number);
  harness.github.comment(number, { author: 'carl', body: '/approve' });
  await harness.reconcile(number, 'carl');
  const slow = slowFirstRead(harness.github.port);
  const moved = implementChange({
    deps: { ...harness.deps, lock },
    port: slow.port,
    permissions: { repositoryPermission: async () => 'write' as const },
    log: { info: () => {} },
    ref: harness.github.ref(number),
    actor: 'olive',
    note: '',
    source: { via: 'api' as const },
  });
  await slow.hasRead;
  harness.advance(60_000);
  harness.github.comment(number, { author: 'carl', body: '/reject Not before the freeze' });
  await harness.reconcile(number, 'carl');
  harness.advance(60_000);
  slow.release();
  const result = await moved;
  // Whether GitHub shows the evaluation of everything written: a fresh evaluation then writes nothing.
  const writes = harness.github.writes.length;
  await harness.reconcile(number);
  return { result, settled: harness.github.writes.length === writes };
};

describe('a lifecycle move without the replicas shared lock (Redis unreachable)', () => {
  test('a move that wrote from an older read is followed by an evaluation: GitHub shows all that was written', async () => {
    const { result, settled } = await staleMove(lockOfOneReplica(false));
    expect(result).toMatchObject({ ok: true, status: 'implementing' });
    expect(settled).toBe(true);
  });

  test('with an exclusive lock (the interleaving ruled out by the shared lock) nothing follows the move', async () => {
    // What the evaluation after the move repairs: the move's labels and status comment left stale.
    const { settled } = await staleMove(lockOfOneReplica(true));
    expect(settled).toBe(false);
  });
});
