import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../../src/app/create-keyed-lock.ts';
import type { PolicyLoad } from '../../../src/core/policy/load-policy.ts';
import { createJoinableEvaluations } from '../../../src/use-cases/joinable-evaluations.ts';
import { sharedDirty } from '../../support/shared-dirty.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

const harness = (shared = sharedDirty()) => {
  const evaluations = createJoinableEvaluations({ dirty: shared.dirty });
  const lock = createKeyedLock();
  let started = 0;
  const run = (
    options: {
      until?: Promise<void>;
      fail?: Error;
      onlyWhen?: (policy: PolicyLoad) => boolean;
      /** It wrote without the replicas' shared lock held throughout (reconcileChange's onUnsettled). */
      unsettled?: boolean;
    } = {},
  ) =>
    evaluations.run<number>({
      key: 'k1',
      dirtyKey: 'change-1',
      ...(options.onlyWhen ? { onlyWhen: options.onlyWhen } : {}),
      evaluate: (shared) =>
        lock.run('acme/app', async () => {
          await shared.onReading();
          const number = ++started;
          await options.until;
          if (options.fail) throw options.fail;
          if (options.unsettled) shared.unsettled();
          if (!shared.onlyWhen({ status: 'invalid', problems: [] } as PolicyLoad)) return -number;
          return number;
        }),
    });
  return { run, shared, started: () => started };
};

describe('joinable evaluations with durable covering (dirty marks)', () => {
  it('covers an event at once when another replica queued an evaluation of its change; the mark stays', async () => {
    const h = harness();
    h.shared.queued.set('k1', 'another replica');
    const outcome = await h.run();
    expect(outcome).toEqual({ role: 'covered', result: null });
    expect(h.started()).toBe(0);
    // Cleared only by an evaluation that began reading after it: if that replica dies, the heal round sees it.
    expect([...h.shared.marks.keys()]).toEqual(['change-1']);
  });

  it('an evaluation that succeeded clears the marks of the events it covered, here and elsewhere', async () => {
    const h = harness();
    const first = gate();
    const busy = await h.run({ until: first.opened });
    await settle();
    const owner = await h.run();
    expect(owner.role).toBe('led');
    // Its owner evaluates whatever the policy: other replicas see it queued.
    expect(h.shared.queued.has('k1')).toBe(true);
    const local = await h.run();
    expect(local.role).toBe('covered');
    // Another replica's event, covered by the queued mark.
    expect(await h.shared.dirty.mark('change-1', 'k1')).toMatchObject({ queuedSomewhere: true });
    first.open();
    await busy.result;
    expect(await owner.result).toBe(2);
    await settle();
    expect(h.shared.marks.size).toBe(0);
    expect(h.shared.queued.has('k1')).toBe(false);
  });

  it('keeps a mark newer than the read: an event that came while the evaluation read', async () => {
    const h = harness();
    const reading = gate();
    const owner = await h.run({ until: reading.opened });
    await settle();
    // The evaluation reads; this event comes now and leads the next one (not joined, not covered).
    const h2 = h.shared.dirty.mark('change-1', 'k1');
    expect(await h2).toMatchObject({ queuedSomewhere: false, fresh: false });
    reading.open();
    expect(await owner.result).toBe(1);
    await settle();
    expect([...h.shared.marks.keys()]).toEqual(['change-1']);
  });

  it('leaves the marks when the evaluation fails (the redo or the heal round evaluates the change)', async () => {
    const h = harness();
    const failure = new Error('GitHub answered 502');
    const owner = await h.run({ fail: failure });
    await expect(owner.result).rejects.toBe(failure);
    await settle();
    expect([...h.shared.marks.keys()]).toEqual(['change-1']);
  });

  it('leaves the marks when the evaluation wrote without the shared lock held throughout (the heal round, behind the lock, evaluates the change)', async () => {
    const h = harness();
    const owner = await h.run({ unsettled: true });
    expect(await owner.result).toBe(1);
    await settle();
    expect([...h.shared.marks.keys()]).toEqual(['change-1']);
    // The same evaluation, settled, clears it.
    const again = await h.run();
    expect(await again.result).toBe(2);
    await settle();
    expect(h.shared.marks.size).toBe(0);
  });

  it('leaves the marks when every condition skipped the evaluation and other events marked the change', async () => {
    const h = harness();
    // An event covered by another replica's evaluation marked the change first.
    await h.shared.dirty.mark('change-1', 'k1');
    const owner = await h.run({ onlyWhen: () => false });
    expect(owner.role).toBe('led');
    // An owner with a condition is not visible to other replicas.
    expect(h.shared.queued.size).toBe(0);
    expect(await owner.result).toBe(-1);
    await settle();
    expect([...h.shared.marks.keys()]).toEqual(['change-1']);

    // One arriving while the skipped evaluation reads keeps the mark too.
    const h2 = harness();
    const reading = gate();
    const skipped = await h2.run({ onlyWhen: () => false, until: reading.opened });
    await settle();
    await h2.shared.dirty.mark('change-1', 'k1');
    reading.open();
    expect(await skipped.result).toBe(-1);
    await settle();
    expect([...h2.shared.marks.keys()]).toEqual(['change-1']);
  });

  it('drops the mark of an event its own evaluation found cannot change the result, when the mark is its alone', async () => {
    const h = harness();
    const owner = await h.run({ onlyWhen: () => false });
    expect(await owner.result).toBe(-1);
    await settle();
    expect(h.shared.marks.size).toBe(0);
  });

  it("marks an event covered here before its owner's read: the owner's success clears it", async () => {
    const h = harness();
    const first = gate();
    const busy = await h.run({ until: first.opened });
    await settle();
    const owner = await h.run();
    const covered = await h.run();
    expect(covered.role).toBe('covered');
    first.open();
    await busy.result;
    await owner.result;
    const marksOfCovered = h.shared.log.filter((line) => line.startsWith('mark'));
    const lastRead = h.shared.log.filter((line) => line.startsWith('read')).at(-1) as string;
    expect(h.shared.log.indexOf(marksOfCovered.at(-1) as string)).toBeLessThan(
      h.shared.log.indexOf(lastRead),
    );
    await settle();
    expect(h.shared.marks.size).toBe(0);
  });

  it("says an owner's event is recorded once its mark is written, before its evaluation reads: its delivery need not wait", async () => {
    const h = harness();
    const first = gate();
    const owner = await h.run({ until: first.opened });
    expect(owner).toMatchObject({ role: 'led', recorded: true });
    // Recorded before the evaluation began reading: the mark is older than the read start.
    await settle();
    expect(h.shared.log.slice(0, 2)).toEqual(['mark change-1 @1', 'read k1 @2']);
    first.open();
    await owner.result;
    await settle();
    expect(h.shared.marks.size).toBe(0);
  });

  it('an answered owner whose evaluation failed leaves its mark for the heal round', async () => {
    const h = harness();
    const owner = await h.run({ fail: new Error('GitHub answered 502') });
    expect(owner).toMatchObject({ role: 'led', recorded: true });
    await expect(owner.result).rejects.toThrow('502');
    await settle();
    expect(await h.shared.dirty.stale({ olderThanMs: 0, limit: 10 })).toEqual(['change-1']);
  });

  it('says an event joined to a conditional owner is recorded once its mark is written', async () => {
    const h = harness();
    const first = gate();
    const busy = await h.run({ until: first.opened });
    await settle();
    const owner = await h.run({ onlyWhen: () => true });
    const joiner = await h.run({ onlyWhen: () => true });
    expect([owner.role, joiner.role]).toEqual(['led', 'joined']);
    expect(joiner).toMatchObject({ recorded: true });
    first.open();
    await busy.result;
    expect(await owner.result).toBe(2);
    await settle();
    expect(h.shared.marks.size).toBe(0);
  });

  it('nothing is recorded while Redis is down, or for an event without a dirty key: their deliveries wait', async () => {
    const h = harness();
    h.shared.goDown();
    const first = gate();
    const owner = await h.run({ until: first.opened });
    expect(owner).toMatchObject({ role: 'led', recorded: false });
    await settle();
    const conditional = await h.run({ onlyWhen: () => true });
    const joiner = await h.run({ onlyWhen: () => true });
    expect(conditional).toMatchObject({ role: 'led', recorded: false });
    expect(joiner).toMatchObject({ role: 'joined', recorded: false });
    first.open();
    await owner.result;
    await conditional.result;

    const unmarked = await createJoinableEvaluations({ dirty: sharedDirty().dirty }).run({
      key: 'k2',
      evaluate: async () => 1,
    });
    expect(unmarked).toMatchObject({ role: 'led', recorded: false });
    // One process (no dirty marks at all): never recorded.
    const alone = await createJoinableEvaluations().run({
      key: 'k3',
      dirtyKey: 'change-3',
      evaluate: async () => 1,
    });
    expect(alone).toMatchObject({ role: 'led', recorded: false });
  });

  it('while Redis is down, events are evaluated (or covered here) as by one process', async () => {
    const h = harness();
    h.shared.goDown();
    h.shared.queued.set('k1', 'another replica');
    const first = gate();
    const led = await h.run({ until: first.opened });
    expect(led.role).toBe('led');
    await settle();
    const owner = await h.run();
    const covered = await h.run();
    expect([owner.role, covered.role]).toEqual(['led', 'covered']);
    first.open();
    expect(await owner.result).toBe(2);
  });
});
