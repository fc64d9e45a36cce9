import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../../src/app/create-keyed-lock.ts';
import {
  createJoinableEvaluations,
  type JoinableEvaluations,
} from '../../../src/use-cases/joinable-evaluations.ts';
import type { KeyedLock } from '../../../src/use-cases/keyed-lock.ts';
import { sharedDirty } from '../../support/shared-dirty.ts';

/** One replica's evaluations of change 1 on the replicas' shared lock; `started` counts its evaluations. */
const replica = (shared: ReturnType<typeof sharedDirty>, lock: KeyedLock) => {
  const evaluations: JoinableEvaluations = createJoinableEvaluations({ dirty: shared.dirty });
  let started = 0;
  const run = (options: { marked?: boolean; onlyWhen?: () => boolean } = {}) =>
    evaluations.run<number>({
      key: 'k1',
      ...(options.marked === false ? {} : { dirtyKey: 'change-1' }),
      ...(options.onlyWhen ? { onlyWhen: options.onlyWhen } : {}),
      evaluate: (evaluation) =>
        lock.run('acme/app', async () => {
          await evaluation.onReading();
          return ++started;
        }),
    });
  return { run, started: () => started };
};

describe('the queued mark claimed with the dirty mark (replicas on Redis)', () => {
  it('an event at another replica a round trip later is covered by the first one’s evaluation: one evaluation', async () => {
    const shared = sharedDirty();
    const lock = createKeyedLock();
    const [a, b] = [replica(shared, lock), replica(shared, lock)];
    // Both marks reach Redis before either replica goes on: the first claims the queued mark in the same step.
    const first = a.run();
    const second = b.run();
    const [led, covered] = await Promise.all([first, second]);
    expect([led.role, covered.role]).toEqual(['led', 'covered']);
    expect(await led.result).toBe(1);
    expect(a.started() + b.started()).toBe(1);
    // It began reading after both marks, so its success cleared them; its queued mark is down.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(shared.marks.size).toBe(0);
    expect(shared.queued.size).toBe(0);
    expect(shared.log.filter((line) => line.startsWith('read'))).toHaveLength(1);
    // Its queued mark was set once, by the claim: the evaluation took that over (no second SET).
    expect(shared.sets).toEqual(['k1 t1 (claim)']);
  });

  it('an event joining an evaluation already queued in its own replica claims nothing', async () => {
    const shared = sharedDirty();
    const lock = createKeyedLock();
    const [a, b] = [replica(shared, lock), replica(shared, lock)];
    // The repository's lock is busy: what is queued stays queued.
    let free: () => void = () => undefined;
    void lock.run('acme/app', () => new Promise<void>((resolve) => (free = resolve)));
    // Queued here by an event with a condition: no queued mark (its evaluation could be skipped).
    const conditional = await a.run({ onlyWhen: () => true });
    const joining = await a.run();
    expect([conditional.role, joining.role]).toEqual(['led', 'joined']);
    expect(shared.queued.size).toBe(0);
    // So another replica's event is not covered by a mark standing for no evaluation: it leads its own.
    const elsewhere = await b.run();
    expect(elsewhere.role).toBe('led');
    free();
    await Promise.all([conditional.result, joining.result, elsewhere.result]);
  });

  it('an event with a condition claims nothing (its evaluation could be skipped), so it covers no one', async () => {
    const shared = sharedDirty();
    const lock = createKeyedLock();
    const [a, b] = [replica(shared, lock), replica(shared, lock)];
    const conditional = a.run({ onlyWhen: () => true });
    const other = b.run();
    const outcomes = await Promise.all([conditional, other]);
    expect(outcomes.map((outcome) => outcome.role)).toEqual(['led', 'led']);
    await Promise.all(outcomes.map((outcome) => outcome.result));
    expect(a.started() + b.started()).toBe(2);
  });

  it('gives its claim back when it joins an evaluation queued in its own replica meanwhile', async () => {
    const shared = sharedDirty();
    const lock = createKeyedLock();
    const a = replica(shared, lock);
    // Its mark is on the way when an evaluation of the same key is queued here (by an event with a condition,
    // not marked: it sets no queued mark of its own).
    const claiming = a.run();
    const queuedHere = await a.run({ marked: false, onlyWhen: () => true });
    expect(queuedHere.role).toBe('led');
    const joined = await claiming;
    expect(joined.role).toBe('joined');
    // The claimed queued mark does not stand for that evaluation: taken down, so no other replica's event is
    // covered by it.
    expect(shared.queued.size).toBe(0);
    expect(await joined.result).toBe(1);
  });
});
