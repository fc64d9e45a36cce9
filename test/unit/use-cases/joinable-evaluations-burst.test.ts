import { describe, expect, it } from 'vitest';
import { burstSpacingMs } from '../../../src/app/burst-spacing.ts';
import { createKeyedLock } from '../../../src/app/create-keyed-lock.ts';
import { createJoinableEvaluations } from '../../../src/use-cases/joinable-evaluations.ts';

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

const SPACING = 500;

/**
 * Evaluations of one change on one lock, on a clock the test moves; each wait before an evaluation is recorded
 * and ends when the test says. `reads` holds the clock when each evaluation began reading.
 */
const harness = (spacing = SPACING) => {
  let clock = 1_000;
  const waits: { ms: number; end: () => void }[] = [];
  const evaluations = createJoinableEvaluations({
    burstSpacingMs: spacing,
    nowMs: () => clock,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        waits.push({ ms, end: resolve });
      }),
  });
  const lock = createKeyedLock();
  let started = 0;
  const reads: number[] = [];
  const outcome = (until?: Promise<void>) =>
    evaluations.run<number>({
      key: 'acme/app#1',
      evaluate: (shared) =>
        lock.run('acme/app', async () => {
          await shared.onReading();
          reads.push(clock);
          const number = ++started;
          await until;
          return number;
        }),
    });
  return {
    outcome,
    waits,
    reads,
    advance: (ms: number) => {
      clock += ms;
    },
  };
};

describe('joinable evaluations in a burst (burstSpacingMs)', () => {
  it('evaluates an event on a quiet change at once, and again at once when it answered only its own event', async () => {
    const h = harness();
    const first = await h.outcome();
    expect(await first.result).toBe(1);
    h.advance(10);
    const second = await h.outcome();
    expect(await second.result).toBe(2);
    expect(h.waits).toEqual([]);
    expect(h.reads).toEqual([1_000, 1_010]);
  });

  it('spaces the next evaluation after one that answered other events; the events meanwhile join it', async () => {
    const h = harness();
    const a = gate();
    const b = gate();
    const first = await h.outcome(a.opened);
    await settle();
    // While the first reads, two events come: the second leads the next evaluation, the third is covered by it.
    const second = await h.outcome(b.opened);
    const third = await h.outcome();
    expect([first.role, second.role, third.role]).toEqual(['led', 'led', 'covered']);
    h.advance(40);
    a.open();
    await settle();
    // The second began reading at 1040, having answered the third too: a burst.
    expect(h.reads).toEqual([1_000, 1_040]);
    expect(h.waits).toEqual([]);
    h.advance(100);
    const fourth = await h.outcome();
    await settle();
    // 1140: it waits until 500 ms after 1040, still queued, and the events meanwhile are covered by it.
    expect(h.waits.map((wait) => wait.ms)).toEqual([400]);
    const fifth = await h.outcome();
    expect([fourth.role, fifth.role]).toEqual(['led', 'covered']);
    b.open();
    expect(await second.result).toBe(2);
    await settle();
    expect(h.reads).toHaveLength(2);
    h.advance(400);
    h.waits[0]?.end();
    expect(await fourth.result).toBe(3);
    expect(await fifth.result).toBe(3);
    expect(h.reads).toEqual([1_000, 1_040, 1_540]);
  });

  it('waits no more once the spacing has passed since the burst', async () => {
    const h = harness();
    const a = gate();
    const first = await h.outcome(a.opened);
    await settle();
    const second = await h.outcome();
    await h.outcome();
    a.open();
    await first.result;
    await second.result;
    h.advance(SPACING);
    const late = await h.outcome();
    expect(await late.result).toBe(3);
    expect(h.waits).toEqual([]);
  });

  it('never waits without a spacing (0), in a burst or not', async () => {
    const h = harness(0);
    const a = gate();
    const first = await h.outcome(a.opened);
    await settle();
    const second = await h.outcome();
    await h.outcome();
    a.open();
    await first.result;
    await second.result;
    const next = await h.outcome();
    expect(await next.result).toBe(3);
    expect(h.waits).toEqual([]);
  });
});

describe('CHANGE_GATE_BURST_SPACING', () => {
  it('is 500 ms by default, off or 0 for none, and any duration up to 5 s', () => {
    expect(burstSpacingMs({})).toBe(500);
    expect(burstSpacingMs({ CHANGE_GATE_BURST_SPACING: ' ' })).toBe(500);
    expect(burstSpacingMs({ CHANGE_GATE_BURST_SPACING: 'off' })).toBe(0);
    expect(burstSpacingMs({ CHANGE_GATE_BURST_SPACING: '0' })).toBe(0);
    expect(burstSpacingMs({ CHANGE_GATE_BURST_SPACING: '250ms' })).toBe(250);
    expect(burstSpacingMs({ CHANGE_GATE_BURST_SPACING: '5s' })).toBe(5_000);
  });

  it('stops the app at start with the setting named for what is not a duration or is longer than 5 s', () => {
    expect(() => burstSpacingMs({ CHANGE_GATE_BURST_SPACING: 'soon' })).toThrow(
      /^CHANGE_GATE_BURST_SPACING: "soon" is not a duration/,
    );
    expect(() => burstSpacingMs({ CHANGE_GATE_BURST_SPACING: '6s' })).toThrow(
      /^CHANGE_GATE_BURST_SPACING: 6000 ms is longer than 5s/,
    );
  });
});
