import { describe, expect, test } from 'vitest';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import type { KeyedLock } from '../../../src/use-cases/keyed-lock.ts';
import { MAX_UNEXCLUSIVE_ROUNDS, reconcileChange } from '../../../src/use-cases/reconcile-change.ts';
import type { MemoryChange } from '../../support/memory-github.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';
import { lapsingLock, lockOfOneReplica, slowFirstRead } from '../../support/replica-locks.ts';

type Harness = ReturnType<typeof createReconcileHarness>;

/** Another replica of the same app on the same GitHub, with its own lock and its own log. */
const replica = (harness: Harness, options: { lock: KeyedLock; port?: GitHubPort }) => {
  const logs: string[] = [];
  let unsettled = 0;
  const log = { info: (...args: unknown[]) => logs.push(String(args.at(-1))) } as never;
  const deps = { ...harness.deps, lock: options.lock };
  return {
    logs,
    /** How often reconcileChange said it left the change unsettled (its caller keeps the dirty mark). */
    unsettled: () => unsettled,
    reconcile: (number: number) =>
      reconcileChange({
        deps,
        port: options.port ?? harness.github.port,
        log,
        ref: harness.github.ref(number),
        actor: 'dana',
        onUnsettled: () => {
          unsettled++;
        },
      }),
  };
};

/** A new change request and one replica without the shared lock, counting its reads (`beforeRead` first). */
const loneReplica = (beforeRead: (change: MemoryChange) => void = () => undefined) => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  let reads = 0;
  const port: GitHubPort = {
    ...harness.github.port,
    readChange: (ref) => {
      reads++;
      beforeRead(harness.github.get(pr));
      return harness.github.port.readChange(ref);
    },
  };
  return { lone: replica(harness, { lock: lockOfOneReplica(false), port }), pr, reads: () => reads };
};

/**
 * Replica A reads a new change request, then waits; meanwhile the four roles approve and replica B evaluates
 * the change (submitted, approved, a passing check); then A goes on with what it read: a pending check run
 * created after B's passing one, and a second `submitted` entry.
 */
const raceAStaleReplica = async (lock: () => KeyedLock, lockOfB: () => KeyedLock = lock) => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  const slow = slowFirstRead(harness.github.port);
  const a = replica(harness, { lock: lock(), port: slow.port });
  const b = replica(harness, { lock: lockOfB() });
  const stale = a.reconcile(pr);
  await slow.hasRead;
  harness.advance(60_000);
  for (const author of ['sam', 'lee', 'erin', 'carl'])
    harness.github.review(pr, { author, state: 'APPROVED' });
  expect((await b.reconcile(pr)).status).toBe('approved');
  expect(harness.latestCheck(pr)?.conclusion).toBe('success');
  // A's entries carry its own time: not a byte-for-byte copy of B's.
  harness.advance(60_000);
  slow.release();
  const decision = await stale;
  return { harness, pr, a, b, decision };
};

describe('replicas evaluating one change without the shared lock (Redis unreachable)', () => {
  test.each([
    ['Redis unreachable from the start', () => lockOfOneReplica(false)],
    ['the lease lapsed, found at its release', lapsingLock],
  ])(
    '%s: a replica that wrote from an older read reads again, and the newest check run ends passing',
    async (_, lock) => {
      const { harness, pr, a, decision } = await raceAStaleReplica(lock);

      expect(decision.status).toBe('approved');
      const check = harness.latestCheck(pr);
      expect(check?.status).toBe('completed');
      expect(check?.conclusion).toBe('success');
      expect(harness.github.get(pr).labels).toContain('change:approved');
      // A's duplicate `submitted` entry was deleted by its second round; the history verifies.
      const history = harness.history(pr);
      expect(history.entries.map((verified) => verified.entry.event)).toEqual(['submitted', 'approved']);
      expect(history.problems).toEqual([]);
      expect(a.logs.filter((line) => line.includes('read again')).length).toBeGreaterThan(0);
      expect(a.unsettled()).toBe(1);
    },
  );

  test('a stale approval written after a rejection does not stay: the newest check run ends failing', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(60_000);
    for (const author of ['sam', 'lee', 'erin', 'carl'])
      harness.github.review(pr, { author, state: 'APPROVED' });
    const slow = slowFirstRead(harness.github.port);
    const a = replica(harness, { lock: lockOfOneReplica(false), port: slow.port });
    const b = replica(harness, { lock: lockOfOneReplica(false) });
    // A reads the four approvals, then waits.
    const stale = a.reconcile(pr);
    await slow.hasRead;
    harness.advance(60_000);
    harness.github.review(pr, { author: 'carl', state: 'CHANGES_REQUESTED', body: 'Not before the freeze' });
    expect((await b.reconcile(pr)).status).toBe('rejected');
    harness.advance(60_000);
    slow.release();
    // A's first round turns B's failing run back to success; its second reads the rejection.
    const decision = await stale;

    expect(decision.status).toBe('rejected');
    const check = harness.latestCheck(pr);
    expect(check?.status).toBe('completed');
    expect(check?.conclusion).toBe('failure');
    expect(harness.github.get(pr).labels).not.toContain('change:approved');
  });

  test('with an exclusive lock the same interleaving is not read again (the shared lock rules it out)', async () => {
    // What the second round repairs: a pending run created after the passing one is the newest.
    const { harness, pr, a, decision } = await raceAStaleReplica(() => lockOfOneReplica(true));

    expect(decision.status).toBe('pending_approval');
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
    expect(a.logs.filter((line) => line.includes('read again'))).toEqual([]);
  });

  test('one replica holds the shared lock and another could not ask Redis: the one without it leaves the change to the heal round', async () => {
    // A holds the lease (its read is stale), B fell back (a SET that timed out): only B knows.
    const { harness, pr, a, b } = await raceAStaleReplica(
      () => lockOfOneReplica(true),
      () => lockOfOneReplica(false),
    );

    // A's stale write came after B's rounds: the newest run is pending, and neither replica reads again now.
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
    expect(a.unsettled()).toBe(0);
    // B wrote without the lock: its event's dirty mark stays (JoinableEvaluations), and the heal round's
    // evaluation, behind the lock, puts it right.
    expect(b.unsettled()).toBe(1);
    const heal = replica(harness, { lock: lockOfOneReplica(true) });
    expect((await heal.reconcile(pr)).status).toBe('approved');
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(heal.unsettled()).toBe(0);
  });

  test('a round that writes nothing ends it: one read when nothing changed meanwhile', async () => {
    const { lone, pr, reads } = loneReplica();

    await lone.reconcile(pr);
    // The first round wrote (entry, check, labels); the second found everything as it should be.
    expect(reads()).toBe(2);
    await lone.reconcile(pr);
    expect(reads()).toBe(3);
    // Each ran without the lock, the second writing nothing: a holder may still write after either.
    expect(lone.unsettled()).toBe(2);
  });

  test('rounds are bounded when every round finds something to write', async () => {
    // Another writer takes the status label off before every read.
    const { lone, pr, reads } = loneReplica((change) => {
      change.labels = change.labels.filter((label) => !label.startsWith('change:'));
    });

    await lone.reconcile(pr);

    expect(reads()).toBe(MAX_UNEXCLUSIVE_ROUNDS);
    expect(lone.logs.at(-1)).toContain(`still writing after ${MAX_UNEXCLUSIVE_ROUNDS} rounds`);
  });
});
