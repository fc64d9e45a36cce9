import { describe, expect, it } from 'vitest';
import { bookGcraSlot, createLocalSpacing } from '../../../src/ops/request-spacing.ts';
import { GROUP_PACING, spacedThrottleGroups } from '../../../src/ops/throttle-groups.ts';

/** A clock that only moves when the groups sleep (or a test says so): waits are read off it, never measured. */
const fakeTime = () => {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    nowMs: () => now,
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
};

describe('GCRA booking (a token bucket as one theoretical arrival time)', () => {
  it('lets a quiet key have B slots at once, the (B+1)th T later, then one per T', async () => {
    const time = fakeTime();
    const spacing = createLocalSpacing(time);
    const waits: number[] = [];
    for (let index = 0; index < 9; index++) waits.push(await spacing.reserve('k', 1_000, 6));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 1_000, 2_000, 3_000]);
  });

  it('keeps the sustained rate at one per T: a caller that waits for each slot waits T each time', async () => {
    const time = fakeTime();
    const spacing = createLocalSpacing(time);
    const starts: number[] = [];
    for (let index = 0; index < 20; index++) {
      const wait = await spacing.reserve('k', 1_000, 6);
      time.advance(wait);
      starts.push(time.nowMs());
    }
    const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    expect(gaps.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(gaps.slice(5)).toEqual(Array(14).fill(1_000));
    // Any window of W ms holds fewer than B + W / T starts: 10 s here, at most 15.
    const inWindow = (from: number) =>
      starts.filter((start) => start >= from && start < from + 10_000).length;
    expect(Math.max(...starts.map(inWindow))).toBeLessThan(6 + 10);
  });

  it('refills while the key is quiet: after B·T idle the whole burst is there again, never more', async () => {
    const time = fakeTime();
    const spacing = createLocalSpacing(time);
    for (let index = 0; index < 6; index++) await spacing.reserve('k', 1_000, 6);
    time.advance(2_000);
    // Two slots came back in two seconds.
    expect(await spacing.reserve('k', 1_000, 6)).toBe(0);
    expect(await spacing.reserve('k', 1_000, 6)).toBe(0);
    expect(await spacing.reserve('k', 1_000, 6)).toBe(1_000);
    time.advance(60_000);
    const waits: number[] = [];
    for (let index = 0; index < 7; index++) waits.push(await spacing.reserve('k', 1_000, 6));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 1_000]);
  });

  it('burst 1 (the default) is plain spacing, and keys are independent', async () => {
    const time = fakeTime();
    const spacing = createLocalSpacing(time);
    expect(await spacing.reserve('a', 2_000)).toBe(0);
    expect(await spacing.reserve('a', 2_000)).toBe(2_000);
    expect(await spacing.reserve('b', 2_000)).toBe(0);
    expect(bookGcraSlot({ now: 10, tat: 0, intervalMs: 5, burst: 0 })).toEqual({ start: 10, tat: 15 });
  });
});

describe('the throttle groups on a request spacing', () => {
  it("lets one installation's first 15 writes go at once, then one a second; another installation has its own bucket", async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep });
    const ran: string[] = [];
    const job = (name: string) => () => ran.push(name);
    for (let index = 1; index <= 15; index++) await groups.write.key('1').schedule({}, job(`1-${index}`));
    await groups.write.key('1').schedule({}, job('1-16'));
    await groups.write.key('2').schedule({}, job('2-1'));
    await groups.write.key('1').schedule({}, job('1-17'));
    expect(ran.slice(-3)).toEqual(['1-16', '2-1', '1-17']);
    expect(ran).toHaveLength(18);
    // The 16th waits a second, installation 2 nothing, the 17th two seconds.
    expect(time.slept).toEqual([1_000, 2_000]);
  });

  it('notifying writes: 10 at once, then one per 3 s; searches: 2 at once, then one per 2.1 s', async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep });
    const noop = () => undefined;
    for (let index = 0; index < 11; index++) await groups.notifications.key('1').schedule({}, noop);
    expect(time.slept).toEqual([3_000]);
    for (let index = 0; index < 3; index++) await groups.search.key('1').schedule({}, noop);
    expect(time.slept).toEqual([3_000, 2_100]);
    // Slots long past are not waited for.
    time.advance(60_000);
    await groups.notifications.key('1').schedule({}, noop);
    await groups.search.key('1').schedule({}, noop);
    expect(time.slept).toHaveLength(2);
  });

  it('a pacing factor multiplies every interval (CHANGE_GATE_PACING_FACTOR); the bursts stay', async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({
      spacing: createLocalSpacing(time),
      sleep: time.sleep,
      factor: 0.1,
    });
    const noop = () => undefined;
    for (let index = 0; index < 16; index++) await groups.write.key('1').schedule({}, noop);
    expect(time.slept).toEqual([100]);
    for (let index = 0; index < 11; index++) await groups.notifications.key('1').schedule({}, noop);
    for (let index = 0; index < 3; index++) await groups.search.key('1').schedule({}, noop);
    expect(time.slept).toEqual([100, 300, 210]);
  });

  it('a factor that is not a positive number paces as GitHub asks, never not at all', async () => {
    for (const factor of [Number.NaN, 0, -1]) {
      const time = fakeTime();
      const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep, factor });
      for (let index = 0; index < 16; index++) await groups.write.key('1').schedule({}, () => undefined);
      expect(time.slept).toEqual([1_000]);
    }
  });

  it("keeps within GitHub's documented limits in any minute (writes' points, content creation, searches)", () => {
    const mostPerMinute = (pace: { intervalMs: number; burst: number }) =>
      pace.burst + Math.ceil(60_000 / pace.intervalMs) - 1;
    // 900 points a minute, a write costs 5: writes leave more than half for reads.
    expect(mostPerMinute(GROUP_PACING.write) * 5).toBeLessThanOrEqual(450);
    expect(mostPerMinute(GROUP_PACING.notifications)).toBeLessThanOrEqual(80);
    expect(mostPerMinute(GROUP_PACING.search)).toBeLessThanOrEqual(30);
  });

  it("passes the job's arguments and result through, and a retry (weight 0) books no slot", async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep });
    for (let index = 0; index < 15; index++) await groups.write.key('1').schedule({}, () => undefined);
    const result = await groups.write
      .key('1')
      .schedule({ weight: 0 }, (a: unknown, b: unknown) => `${String(a)}-${String(b)}`, 'x', 'y');
    expect(result).toBe('x-y');
    expect(time.slept).toEqual([]);
    // The retry took no slot: the next write is the 16th, a second out.
    await groups.write.key('1').schedule({}, () => undefined);
    expect(time.slept).toEqual([1_000]);
  });
});
