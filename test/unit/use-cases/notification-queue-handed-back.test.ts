import { describe, expect, test, vi } from 'vitest';
import { createMemorySentDeliveries } from '../../../src/app/create-memory-sent-deliveries.ts';
import type { HandedBackNotification } from '../../../src/core/notify/handed-back-notification.ts';
import type { NotificationDelivery } from '../../../src/core/notify/notification-deliveries.ts';
import type { HandedBackNotifications } from '../../../src/use-cases/handed-back-notifications.ts';
import { createNotificationQueue } from '../../../src/use-cases/notification-queue.ts';
import { DeliveryError } from '../../../src/use-cases/notification-sender.ts';
import { notificationOf } from '../core/notify/notification-fixtures.ts';

// The queue's deliveries handed back by a stop (kept in Redis for another replica), taken and acknowledged.

const delivery: NotificationDelivery = {
  id: 'entry-1:webhook',
  channel: 'webhook',
  urlEnv: 'CHANGE_GATE_NOTIFY_HOOK',
  secretEnv: 'CHANGE_GATE_NOTIFY_HOOK_SECRET',
};

/**
 * Kept deliveries in memory, as Redis keeps them for the replicas: `taken` holds the ones taken and not yet
 * acknowledged (`done`), by receipt; `down` refuses to keep.
 */
const keptStore = (options: { down?: boolean } = {}) => {
  const kept: HandedBackNotification[] = [];
  const taken = new Map<string, HandedBackNotification>();
  let receipts = 0;
  const store: HandedBackNotifications = {
    keep: async (item) => {
      if (options.down) return false;
      kept.push(item);
      return true;
    },
    take: async (limit) => ({
      taken: kept.splice(0, limit).map((item) => {
        const receipt = `receipt ${++receipts}`;
        taken.set(receipt, item);
        return { item, receipt };
      }),
      dropped: 0,
    }),
    done: async (receipt) => {
      taken.delete(receipt);
    },
  };
  return { kept, taken, store };
};

/** A queue whose first attempt fails and whose wait before the next never ends until the test says. */
const waitingQueue = (store: HandedBackNotifications) => {
  const lines: string[] = [];
  const attempts: string[] = [];
  const sent = createMemorySentDeliveries();
  let failFirst = true;
  const queue = createNotificationQueue({
    sender: {
      async deliver(item) {
        attempts.push(item.id);
        if (failFirst) {
          failFirst = false;
          throw new DeliveryError('HTTP 503');
        }
      },
    },
    sent,
    log: {
      info: (_fields, message) => lines.push(`info ${message}`),
      warn: (message) => lines.push(`warn ${message}`),
    },
    retry: { attempts: 4, firstDelayMs: 100, maxDelayMs: 1_000 },
    sleep: () => new Promise<void>(() => {}),
    handedBack: store,
  });
  return { queue, lines, attempts, sent };
};

describe('the notification queue: deliveries handed back by a stop, kept for another replica', () => {
  test('a stop hands the waiting delivery back: its claim is given back and the delivery kept', async () => {
    const { kept, store } = keptStore();
    const { queue, lines, sent } = waitingQueue(store);
    queue.enqueue(notificationOf(), [delivery]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await queue.handBack()).toBe(1);
    expect(kept).toEqual([{ delivery, notification: notificationOf() }]);
    expect(lines.at(-1)).toBe(
      'warn notification handed back by a stop: CHG-2026-004 submitted by webhook (kept in Redis: another replica sends it)',
    );
    // The claim is free again for whoever sends it.
    expect(await sent.claim(delivery.id)).toBe(true);
  });

  test('another queue takes it and sends it, claimed first: once, however often it is taken; each acknowledged', async () => {
    const { kept, taken, store } = keptStore();
    const { queue, lines, attempts } = setUpWith(store);
    kept.push({ delivery, notification: notificationOf() }, { delivery, notification: notificationOf() });
    expect(await queue.sendHandedBack(50)).toBe(2);
    await queue.idle();
    expect(attempts).toEqual([delivery.id]);
    expect(kept).toEqual([]);
    // The one sent and the one found claimed are both done with: no lease left to run out.
    expect(taken.size).toBe(0);
    expect(lines).toContain(
      "info notification taken from a stopped process's hand-back, to send here (its claim first): CHG-2026-004 submitted by webhook",
    );
    expect(await queue.sendHandedBack(50)).toBe(0);
  });

  test('a queue handing back itself takes nothing; when the store cannot keep, the log says an evaluation sends it', async () => {
    const down = keptStore({ down: true });
    const { queue, lines } = waitingQueue(down.store);
    queue.enqueue(notificationOf(), [delivery]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await queue.handBack();
    expect(lines.at(-1)).toBe(
      'warn notification handed back by a stop: CHG-2026-004 submitted by webhook (an evaluation of the change within 10 minutes of its entry sends it; without one it is not sent)',
    );
    const other = keptStore();
    other.kept.push({ delivery, notification: notificationOf() });
    const { queue: stopping } = waitingQueue(other.store);
    await stopping.handBack();
    expect(await stopping.sendHandedBack(50)).toBe(0);
    expect(other.kept).toHaveLength(1);
  });
});

/**
 * A delivery whose take answers only once its queue has begun handing back, with a store that keeps it again
 * (`keeps`) or cannot: what was kept, what acknowledged, and what the sender was asked.
 */
const takenWhileHandingBack = async (keeps: boolean) => {
  const kept: HandedBackNotification[] = [];
  const done: string[] = [];
  let release: (items: HandedBackNotification[]) => void = () => {};
  const store: HandedBackNotifications = {
    keep: async (item) => {
      if (keeps) kept.push(item);
      return keeps;
    },
    take: () =>
      new Promise((resolve) => {
        release = (items) => resolve({ taken: items.map((item) => ({ item, receipt: 'r1' })), dropped: 0 });
      }),
    done: async (receipt) => {
      done.push(receipt);
    },
  };
  const { queue, attempts } = setUpWith(store);
  const taking = queue.sendHandedBack(50);
  await queue.handBack();
  release([{ delivery, notification: notificationOf() }]);
  expect(await taking).toBe(1);
  await queue.idle();
  return { kept, done, attempts };
};

test('a delivery taken while the queue starts handing back is kept again, not sent, and acknowledged', async () => {
  const { kept, done, attempts } = await takenWhileHandingBack(true);
  expect(attempts).toEqual([]);
  expect(kept).toEqual([{ delivery, notification: notificationOf() }]);
  expect(done).toEqual(['r1']);
});

test('a taken delivery is acknowledged only once its sending settled: while it waits to be tried again, its lease stands', async () => {
  const { kept, taken, store } = keptStore();
  kept.push({ delivery, notification: notificationOf() });
  let wake: () => void = () => {};
  const attempts: string[] = [];
  const queue = createNotificationQueue({
    sender: {
      async deliver(item) {
        attempts.push(item.id);
        if (attempts.length === 1) throw new DeliveryError('HTTP 503');
      },
    },
    sent: createMemorySentDeliveries(),
    log: { info: () => undefined, warn: () => undefined },
    retry: { attempts: 3, firstDelayMs: 100, maxDelayMs: 1_000 },
    sleep: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }),
    handedBack: store,
  });
  expect(await queue.sendHandedBack(50)).toBe(1);
  await vi.waitFor(() => expect(attempts).toHaveLength(1));
  expect(taken.size).toBe(1);
  wake();
  await queue.idle();
  expect(attempts).toHaveLength(2);
  expect(taken.size).toBe(0);
});

const setUpWith = (store: HandedBackNotifications) => {
  const attempts: string[] = [];
  const lines: string[] = [];
  const queue = createNotificationQueue({
    sender: {
      async deliver(item) {
        attempts.push(item.id);
      },
    },
    sent: createMemorySentDeliveries(),
    log: {
      info: (_fields, message) => lines.push(`info ${message}`),
      warn: (message) => lines.push(`warn ${message}`),
    },
    handedBack: store,
  });
  return { queue, attempts, lines };
};

test('a taken delivery waiting to be tried again when its queue hands back: kept again, and acknowledged though its wait never ends', async () => {
  const { kept, taken, store } = keptStore();
  kept.push({ delivery, notification: notificationOf() });
  const { queue, attempts } = waitingQueue(store);
  expect(await queue.sendHandedBack(50)).toBe(1);
  await vi.waitFor(() => expect(attempts).toHaveLength(1));
  expect(taken.size).toBe(1);
  expect(await queue.handBack()).toBe(1);
  expect(kept).toEqual([{ delivery, notification: notificationOf() }]);
  expect(taken.size).toBe(0);
});

test('a taken delivery its stop could not keep again (Redis refused) is not acknowledged: its lease runs out, and another replica takes it', async () => {
  const { kept, taken, store } = keptStore({ down: true });
  kept.push({ delivery, notification: notificationOf() });
  const { queue, attempts } = waitingQueue(store);
  expect(await queue.sendHandedBack(50)).toBe(1);
  await vi.waitFor(() => expect(attempts).toHaveLength(1));
  // Its claim is given back, but the store keeps nothing: the lease stands for another replica.
  expect(await queue.handBack()).toBe(1);
  expect(kept).toEqual([]);
  expect(taken.size).toBe(1);
});

test('a delivery taken while its queue starts handing back, which the store cannot keep again, is not acknowledged', async () => {
  const { done, attempts } = await takenWhileHandingBack(false);
  expect(attempts).toEqual([]);
  expect(done).toEqual([]);
});
