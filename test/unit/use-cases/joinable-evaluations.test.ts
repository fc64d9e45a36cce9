import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../../src/app/create-keyed-lock.ts';
import type { PolicyLoad } from '../../../src/core/policy/load-policy.ts';
import {
  createJoinableEvaluations,
  type SharedEvaluation,
} from '../../../src/use-cases/joinable-evaluations.ts';

const POLICY = { status: 'invalid', problems: [] } as PolicyLoad;

/** Lets queued promise callbacks run: an evaluation whose turn came calls onReading. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A gate the test opens by hand: evaluations wait on it as they would on GitHub's answer. */
const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

/**
 * Evaluations as reconcileChange runs them: queued on one lock, reading once they hold it (onReading),
 * answering with the number of the evaluation. `reads` holds when each began reading.
 */
const harness = () => {
  const evaluations = createJoinableEvaluations();
  const lock = createKeyedLock();
  let started = 0;
  const reads: number[] = [];
  const seen: SharedEvaluation[] = [];
  const run = (options: {
    key?: string;
    until?: Promise<void>;
    fail?: Error;
    onlyWhen?: (policy: PolicyLoad) => boolean;
  }) => outcome(options).then((settled) => settled.result as Promise<number>);
  const outcome = (options: Parameters<typeof run>[0]) =>
    evaluations.run<number>({
      key: options.key ?? 'acme/app#1:dana',
      ...(options.onlyWhen ? { onlyWhen: options.onlyWhen } : {}),
      evaluate: (shared) =>
        lock.run('acme/app', async () => {
          await shared.onReading();
          const number = ++started;
          reads.push(number);
          seen.push(shared);
          await options.until;
          if (options.fail) throw options.fail;
          return number;
        }),
    });
  return { run, outcome, reads, seen, started: () => started };
};

describe('joinable evaluations', () => {
  it('joins an event to the queued evaluation of its key, not to the one already reading', async () => {
    const h = harness();
    const first = gate();
    const running = h.run({ until: first.opened });
    await settle();
    expect(h.reads).toEqual([1]);
    // Both arrive while the first evaluation reads: they share the next one, queued behind it.
    const second = h.run({});
    const third = h.run({});
    first.open();
    expect(await running).toBe(1);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(h.started()).toBe(2);
  });

  it('starts a new evaluation for an event that arrives once the queued one began reading', async () => {
    const h = harness();
    const first = gate();
    const second = gate();
    const a = h.run({ until: first.opened });
    await settle();
    const b = h.run({ until: second.opened });
    first.open();
    await a;
    // b has the lock now and reads: c may not be answered by it.
    await settle();
    expect(h.reads).toEqual([1, 2]);
    const c = h.run({});
    second.open();
    expect(await b).toBe(2);
    expect(await c).toBe(3);
  });

  it('never joins across keys (another change, another sender)', async () => {
    const h = harness();
    const first = gate();
    const running = h.run({ until: first.opened });
    await settle();
    const sameChangeOtherSender = h.run({ key: 'acme/app#1:erin' });
    const otherChange = h.run({ key: 'acme/app#2:dana' });
    first.open();
    await running;
    expect(new Set([await sameChangeOtherSender, await otherChange]).size).toBe(2);
    expect(h.started()).toBe(3);
  });

  it("fails every joiner with the shared evaluation's error, and the next event starts afresh", async () => {
    const h = harness();
    const first = gate();
    const running = h.run({ until: first.opened });
    await settle();
    const failure = new Error('GitHub answered 502');
    const failing = h.run({ fail: failure });
    const joiner = h.run({});
    first.open();
    await running;
    await expect(failing).rejects.toBe(failure);
    await expect(joiner).rejects.toBe(failure);
    // A retry (the handler's) is not answered by the failed evaluation.
    expect(await h.run({})).toBe(3);
  });

  it('answers every event: none is dropped when many race on a few keys', async () => {
    const h = harness();
    const keys = ['acme/app#1:dana', 'acme/app#2:dana', 'acme/app#1:erin'];
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) => h.run({ key: keys[index % keys.length] as string })),
    );
    expect(answers).toHaveLength(60);
    expect(answers.every((answer) => Number.isInteger(answer) && answer >= 1)).toBe(true);
    // Joining happened (fewer evaluations than events), and every evaluation answered someone.
    expect(h.started()).toBeLessThan(60);
    expect(new Set(answers).size).toBe(h.started());
  });

  it("evaluates when any joiner's event can change the result; a joiner without a condition always can", async () => {
    const h = harness();
    const first = gate();
    const running = h.run({ until: first.opened });
    await settle();
    const never = () => false;
    const onlyConditional = [h.run({ onlyWhen: never }), h.run({ onlyWhen: never })];
    first.open();
    await running;
    await Promise.all(onlyConditional);
    expect(h.seen[1]?.onlyWhen(POLICY)).toBe(false);

    const second = gate();
    const busy = h.run({ until: second.opened });
    await settle();
    const mixed = [h.run({ onlyWhen: never }), h.run({})];
    second.open();
    await busy;
    await Promise.all(mixed);
    expect(h.seen[3]?.onlyWhen(POLICY)).toBe(true);
  });

  it('answers a joiner at once when the queued evaluation evaluates whatever the policy; its owner waits', async () => {
    const h = harness();
    const first = gate();
    const second = gate();
    const running = h.run({ until: first.opened });
    await settle();
    const owner = await h.outcome({ until: second.opened });
    const joiner = await h.outcome({});
    expect(owner.role).toBe('led');
    expect(joiner.role).toBe('covered');
    // The covered event arrived before the queued evaluation began reading: it is taken into account.
    expect(h.reads).toEqual([1]);
    let ownerSettled = false;
    void (owner.result as Promise<number>).then(() => {
      ownerSettled = true;
    });
    first.open();
    await running;
    await settle();
    expect(h.reads).toEqual([1, 2]);
    expect(ownerSettled).toBe(false);
    second.open();
    expect(await (owner.result as Promise<number>)).toBe(2);
    expect(await (joiner.result as Promise<number>)).toBe(2);
  });

  it('makes a joiner wait when the owner has a condition: a redo of the owner alone could skip its event', async () => {
    const h = harness();
    const first = gate();
    const running = h.run({ until: first.opened });
    await settle();
    const owner = await h.outcome({ onlyWhen: () => false });
    const unconditional = await h.outcome({});
    const conditional = await h.outcome({ onlyWhen: () => true });
    expect([owner.role, unconditional.role, conditional.role]).toEqual(['led', 'joined', 'joined']);
    first.open();
    await running;
    expect(await unconditional.result).toBe(2);
    expect(await conditional.result).toBe(2);
    // Joined conditions still count: the shared evaluation evaluates.
    expect(h.seen[1]?.onlyWhen(POLICY)).toBe(true);
  });

  it("fails the owner's delivery when the evaluation a covered event relied on fails", async () => {
    const h = harness();
    const first = gate();
    const running = h.run({ until: first.opened });
    await settle();
    const failure = new Error('GitHub answered 502');
    const owner = await h.outcome({ fail: failure });
    const covered = await h.outcome({});
    expect(covered.role).toBe('covered');
    first.open();
    await running;
    await expect(owner.result as Promise<number>).rejects.toBe(failure);
    // The owner's redo (a retry or a redelivery) starts afresh and begins reading after the covered event came.
    const redo = await h.outcome({});
    expect(redo.role).toBe('led');
    expect(await redo.result).toBe(3);
  });

  it('covers each event only by an evaluation that begins reading after it arrived; none is dropped', async () => {
    const evaluations = createJoinableEvaluations();
    const lock = createKeyedLock();
    const keys = ['acme/app#1:dana', 'acme/app#2:dana', 'acme/app#1:erin'];
    let clock = 0;
    let started = 0;
    const readAt = new Map<number, number>();
    const outcomes: Promise<{
      arrived: number;
      key: string;
      role: string;
      result: Promise<{ id: number; key: string }> | null;
    }>[] = [];
    const arrive = (key: string) => {
      const arrived = ++clock;
      const outcome = evaluations.run({
        key,
        evaluate: (shared) =>
          lock.run('acme/app', async () => {
            await shared.onReading();
            const id = ++started;
            readAt.set(id, ++clock);
            await settle();
            return { id, key };
          }),
      });
      outcomes.push(outcome.then(({ role, result }) => ({ arrived, key, role, result })));
    };
    for (let round = 0; round < 20; round++) {
      for (const key of keys) arrive(key);
      await new Promise((resolve) => setTimeout(resolve, round % 3));
    }
    const settled = await Promise.all(outcomes);
    const answers = await Promise.all(settled.map((outcome) => outcome.result));
    expect(settled.some((outcome) => outcome.role === 'covered')).toBe(true);
    for (const [index, outcome] of settled.entries()) {
      const answer = answers[index] as { id: number; key: string };
      expect(answer.key).toBe(outcome.key);
      expect(readAt.get(answer.id)).toBeGreaterThan(outcome.arrived);
    }
  });
});
