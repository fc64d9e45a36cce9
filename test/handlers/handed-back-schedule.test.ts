import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../src/app/app-deps.ts';
import { registerHandedBackSchedule } from '../../src/handlers/handed-back-schedule.ts';
import { createHandlersInFlight } from '../../src/ops/handlers-in-flight.ts';
import type { HandedBackNotifications } from '../../src/use-cases/handed-back-notifications.ts';
import type { NotificationQueue } from '../../src/use-cases/notification-queue.ts';

const store: HandedBackNotifications = {
  keep: async () => true,
  take: async () => ({ taken: [], dropped: 0 }),
  done: async () => {},
};

const setUp = (options: { kept: boolean; inFlight?: ReturnType<typeof createHandlersInFlight> }) => {
  const asked: number[] = [];
  const warnings: string[] = [];
  const queue: NotificationQueue = {
    enqueue: () => {},
    idle: async () => {},
    handBack: async () => 0,
    sendHandedBack: async (limit) => {
      asked.push(limit);
      if (asked.length === 2) throw new Error('NOPERM this user has no permissions to run the lpop command');
      return 0;
    },
  };
  const deps = {
    notifications: queue,
    ...(options.kept ? { handedBack: store } : {}),
    ...(options.inFlight ? { inFlight: options.inFlight } : {}),
  } as unknown as AppDeps;
  const app = { log: { warn: (line: string) => warnings.push(line) } } as never;
  return { deps, app, asked, warnings };
};

describe('the round that sends the notifications stopped replicas handed back', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every heal interval with Redis keeping them, 50 at most; a failed round is logged and the next one runs', async () => {
    const { deps, app, asked, warnings } = setUp({ kept: true });
    registerHandedBackSchedule(app, deps, { CHANGE_GATE_HEAL_INTERVAL: '2s' });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual([50]);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(asked).toEqual([50, 50, 50]);
    expect(warnings).toEqual([
      'sending the notifications handed back by a stop failed: NOPERM this user has no permissions to run the lpop command',
    ]);
  });

  it('runs every 15 s when the heal round is off; never without Redis; no round once the process is stopping', async () => {
    const off = setUp({ kept: true });
    registerHandedBackSchedule(off.app, off.deps, { CHANGE_GATE_HEAL_INTERVAL: 'off' });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(off.asked).toEqual([50]);

    const alone = setUp({ kept: false });
    registerHandedBackSchedule(alone.app, alone.deps, {});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(alone.asked).toEqual([]);

    const inFlight = createHandlersInFlight();
    const stopping = setUp({ kept: true, inFlight });
    registerHandedBackSchedule(stopping.app, stopping.deps, {});
    await inFlight.idle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(stopping.asked).toEqual([]);
  });
});
