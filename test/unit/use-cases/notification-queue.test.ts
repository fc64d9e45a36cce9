import { describe, expect, test } from 'vitest';
import { createMemorySentDeliveries } from '../../../src/app/create-memory-sent-deliveries.ts';
import type { NotificationDelivery } from '../../../src/core/notify/notification-deliveries.ts';
import { createNotificationQueue } from '../../../src/use-cases/notification-queue.ts';
import { DeliveryError } from '../../../src/use-cases/notification-sender.ts';
import { notificationOf } from '../core/notify/notification-fixtures.ts';

const delivery: NotificationDelivery = {
  id: 'entry-1:webhook',
  channel: 'webhook',
  urlEnv: 'CHANGE_GATE_NOTIFY_HOOK',
  secretEnv: 'CHANGE_GATE_NOTIFY_HOOK_SECRET',
};

const setUp = (answers: Array<Error | null>) => {
  const attempts: string[] = [];
  const delays: number[] = [];
  const lines: string[] = [];
  const queue = createNotificationQueue({
    sender: {
      async deliver(sent) {
        attempts.push(sent.id);
        const answer = answers.shift() ?? null;
        if (answer) throw answer;
      },
    },
    sent: createMemorySentDeliveries(),
    log: {
      info: (_fields, message) => lines.push(`info ${message}`),
      warn: (message) => lines.push(`warn ${message}`),
    },
    retry: { attempts: 4, firstDelayMs: 100, maxDelayMs: 1_000 },
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { queue, attempts, delays, lines };
};

describe('the notification queue', () => {
  test('500 three times, then 200: sent once, after backing off 100, 200, 400 ms', async () => {
    const { queue, attempts, delays, lines } = setUp([
      new DeliveryError('HTTP 500'),
      new DeliveryError('HTTP 500'),
      new DeliveryError('HTTP 500'),
      null,
    ]);
    queue.enqueue(notificationOf(), [delivery]);
    await queue.idle();
    expect(attempts).toHaveLength(4);
    expect(delays).toEqual([100, 200, 400]);
    expect(lines).toEqual(['info notification sent: CHG-2026-004 submitted by webhook']);
  });

  test('the same event enqueued again (a redelivery) is not sent again', async () => {
    const { queue, attempts } = setUp([]);
    queue.enqueue(notificationOf(), [delivery]);
    queue.enqueue(notificationOf(), [delivery]);
    await queue.idle();
    queue.enqueue(notificationOf(), [delivery]);
    await queue.idle();
    expect(attempts).toEqual(['entry-1:webhook']);
  });

  test("a channel's retry-after is honoured, capped at the longest delay", async () => {
    const { queue, delays } = setUp([
      new DeliveryError('HTTP 429', { retryable: true, retryAfterMs: 700 }),
      new DeliveryError('HTTP 429', { retryable: true, retryAfterMs: 60_000 }),
      null,
    ]);
    queue.enqueue(notificationOf(), [delivery]);
    await queue.idle();
    expect(delays).toEqual([700, 1_000]);
  });

  test('a permanent failure is not retried; it is logged with the reason and may be tried by a later event', async () => {
    const { queue, attempts, lines } = setUp([
      new DeliveryError('webhook: environment variable CHANGE_GATE_NOTIFY_HOOK is not set', {
        retryable: false,
      }),
    ]);
    queue.enqueue(notificationOf(), [delivery]);
    await queue.idle();
    expect(attempts).toHaveLength(1);
    expect(lines).toEqual([
      'warn notification not sent: CHG-2026-004 submitted by webhook after 1 attempt: webhook: environment variable CHANGE_GATE_NOTIFY_HOOK is not set',
    ]);
    queue.enqueue(notificationOf(), [delivery]);
    await queue.idle();
    expect(attempts).toHaveLength(2);
  });

  test('enqueue returns before anything is sent: a slow channel delays nobody', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = createNotificationQueue({
      sender: { deliver: () => gate },
      sent: createMemorySentDeliveries(),
      log: { info: () => {}, warn: () => {} },
    });
    // enqueue is synchronous: had it waited for the channel, this line would never run before release().
    queue.enqueue(notificationOf(), [delivery]);
    let idle = false;
    const done = queue.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);
    release();
    await done;
    expect(idle).toBe(true);
  });
});
