import { describe, expect, it } from 'vitest';
import { createLocalSpacing } from '../../../src/ops/request-spacing.ts';
import { spacedThrottleGroups } from '../../../src/ops/throttle-groups.ts';

/** A clock that only moves when the groups sleep: waits are read off it, never measured. */
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

describe('the throttle groups on a request spacing', () => {
  it("spaces one installation's writes a second apart and another installation's on their own", async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep });
    const ran: string[] = [];
    const job = (name: string) => () => ran.push(name);
    await groups.write.key('1').schedule({}, job('1a'));
    await groups.write.key('1').schedule({}, job('1b'));
    await groups.write.key('2').schedule({}, job('2a'));
    await groups.write.key('1').schedule({}, job('1c'));
    expect(ran).toEqual(['1a', '1b', '2a', '1c']);
    // 1b waits a second, 2a nothing (its own installation), 1c two seconds.
    expect(time.slept).toEqual([1_000, 2_000]);
  });

  it('searches are 2 s apart, notifying writes 3 s; a slot past is not waited for', async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep });
    const noop = () => undefined;
    await groups.search.key('1').schedule({}, noop);
    await groups.search.key('1').schedule({}, noop);
    await groups.notifications.key('1').schedule({}, noop);
    await groups.notifications.key('1').schedule({}, noop);
    time.advance(10_000);
    await groups.write.key('1').schedule({}, noop);
    await groups.notifications.key('1').schedule({}, noop);
    expect(time.slept).toEqual([2_000, 3_000]);
  });

  it("passes the job's arguments and result through, and a retry (weight 0) books no slot", async () => {
    const time = fakeTime();
    const groups = spacedThrottleGroups({ spacing: createLocalSpacing(time), sleep: time.sleep });
    await groups.write.key('1').schedule({}, () => undefined);
    const result = await groups.write
      .key('1')
      .schedule({ weight: 0 }, (a: unknown, b: unknown) => `${String(a)}-${String(b)}`, 'x', 'y');
    expect(result).toBe('x-y');
    expect(time.slept).toEqual([]);
  });
});
