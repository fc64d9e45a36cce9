import { afterEach, describe, expect, test, vi } from 'vitest';
import { createMemorySentDeliveries } from '../../../src/app/create-memory-sent-deliveries.ts';
import type { NotificationDelivery } from '../../../src/core/notify/notification-deliveries.ts';
import {
  type ShutdownOptions,
  shutDown,
  shutDownOnSignals,
  shutdownTimeoutMs,
} from '../../../src/ops/graceful-shutdown.ts';
import { createHandlersInFlight, scheduledRound } from '../../../src/ops/handlers-in-flight.ts';
import { createNotificationQueue } from '../../../src/use-cases/notification-queue.ts';
import { notificationOf } from '../core/notify/notification-fixtures.ts';

/**
 * A server whose `stop()` resolves when the test says (the requests in flight answered), a handler that ends
 * when the test says (it went on after its delivery was answered), and what happened.
 */
const stopping = (options: { pending?: number; stopFails?: boolean } = {}) => {
  const events: string[] = [];
  let answered: () => void = () => undefined;
  let handlerEnds: () => void = () => undefined;
  const handlers = createHandlersInFlight();
  void handlers.track(
    new Promise<void>((resolve) => {
      handlerEnds = resolve;
    }),
  );
  const lines: string[] = [];
  const shutdown: ShutdownOptions = {
    server: {
      stop: () => {
        events.push('stop');
        return options.stopFails
          ? Promise.reject(new Error('server not running'))
          : new Promise<void>((resolve) => {
              answered = resolve;
            });
      },
    },
    handlers,
    timeoutMs: 5_000,
    log: {
      info: (fields, message) => lines.push(`info ${message ?? fields}`),
      warn: (message) => lines.push(`warn ${message}`),
    },
    pendingRetries: async () => options.pending ?? 0,
    close: async () => {
      events.push('close');
    },
    exit: (code) => {
      events.push(`exit ${code}`);
    },
  };
  return { shutdown, handlers, events, lines, answer: () => answered(), endHandler: () => handlerEnds() };
};

/** A notification's deliveries by the signed-webhook channel and by email. */
const WEBHOOK_DELIVERY: NotificationDelivery = {
  id: 'entry-1:webhook',
  channel: 'webhook',
  urlEnv: 'CHANGE_GATE_NOTIFY_HOOK',
  secretEnv: 'CHANGE_GATE_NOTIFY_HOOK_SECRET',
};
const EMAIL_DELIVERY: NotificationDelivery = {
  id: 'entry-1:email',
  channel: 'email',
  from: 'gate@example.com',
  smtpUrlEnv: 'CHANGE_GATE_SMTP_URL',
  to: ['cab@example.com'],
};

afterEach(() => {
  vi.useRealTimers();
});

describe('shutDown', () => {
  test('waits for the requests in flight and the handlers running, then closes Redis and exits 0', async () => {
    const { shutdown, events, lines, answer, endHandler } = stopping({ pending: 2 });
    const done = shutDown('SIGTERM', shutdown);
    await vi.waitFor(() => expect(events).toEqual(['stop']));
    expect(lines[0]).toBe(
      'info SIGTERM: stopping: no new webhooks; 1 handler or round running and the notifications queued given 5 s to end; 2 scheduled retries are dropped (the heal round and the sweep take their changes up)',
    );
    answer();
    // Every delivery answered, but a handler goes on: still waiting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['stop']);
    endHandler();
    await done;
    expect(events).toEqual(['stop', 'close', 'exit 0']);
    expect(lines[1]).toMatch(/^info stopped after \d+ ms$/);
  });

  test('starts no scheduled round from the signal on, while the requests in flight are still answered', async () => {
    const { shutdown, handlers, events, answer, endHandler } = stopping();
    let rounds = 0;
    const round = async () => {
      rounds++;
    };
    await scheduledRound(handlers, round);
    expect(rounds).toBe(1);
    const done = shutDown('SIGTERM', shutdown);
    await vi.waitFor(() => expect(events).toEqual(['stop']));
    // server.stop() has not resolved yet: a sweep, heal or handed-back round due now does not start.
    expect(scheduledRound(handlers, round)).toBeNull();
    expect(rounds).toBe(1);
    answer();
    endHandler();
    await done;
  });

  test('sends the notifications the handlers queued before it exits', async () => {
    const { shutdown, handlers, events, answer, endHandler } = stopping();
    let sent: () => void = () => undefined;
    const queue = createNotificationQueue({
      sender: {
        deliver: () =>
          new Promise<void>((resolve) => {
            sent = resolve;
          }),
      },
      sent: createMemorySentDeliveries(),
      log: { info: () => undefined, warn: () => undefined },
    });
    handlers.alsoWaitFor(queue);
    queue.enqueue(notificationOf(), [WEBHOOK_DELIVERY]);
    const done = shutDown('SIGTERM', shutdown);
    await vi.waitFor(() => expect(events).toEqual(['stop']));
    answer();
    endHandler();
    // Every delivery answered and no handler running, but a notification is being sent: still waiting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['stop']);
    sent();
    await done;
    expect(events).toEqual(['stop', 'close', 'exit 0']);
  });

  test('exits 1 once the timeout passes with requests still in flight, Redis closed first', async () => {
    vi.useFakeTimers();
    const { shutdown, events, lines } = stopping();
    const done = shutDown('SIGINT', shutdown);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(events).toEqual(['stop']);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(events).toEqual(['stop', 'close', 'exit 1']);
    expect(lines[0]).toBe(
      'info SIGINT: stopping: no new webhooks; 1 handler or round running and the notifications queued given 5 s to end',
    );
    expect(lines.at(-1)).toMatch(
      /^warn stopped after 5 s with 1 handler or round still running, or notifications unsent/,
    );
  });

  test('out of time, the notifications waiting to be tried again give their claims back before Redis closes; one being sent keeps its claim', async () => {
    vi.useFakeTimers();
    const { shutdown, handlers, events, lines, answer, endHandler } = stopping();
    const sent = createMemorySentDeliveries();
    const attempts: string[] = [];
    let wake: () => void = () => undefined;
    let emailFails: (error: Error) => void = () => undefined;
    const queueLines: string[] = [];
    const queue = createNotificationQueue({
      sender: {
        deliver: (delivery) => {
          attempts.push(delivery.id);
          // The webhook channel is down; the email is being sent when time runs out.
          return delivery.channel === 'webhook'
            ? Promise.reject(new Error('503 from the hook'))
            : new Promise<void>((_, reject) => {
                emailFails = reject;
              });
        },
      },
      sent,
      log: { info: () => undefined, warn: (message) => queueLines.push(message) },
      sleep: () =>
        new Promise<void>((resolve) => {
          wake = resolve;
        }),
    });
    const released: string[] = [];
    const release = sent.release;
    sent.release = (id) => {
      released.push(`${id} (${events.join(', ')})`);
      return release(id);
    };
    handlers.alsoWaitFor(queue);
    queue.enqueue(notificationOf(), [WEBHOOK_DELIVERY, EMAIL_DELIVERY]);
    const done = shutDown('SIGTERM', shutdown);
    answer();
    endHandler();
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(events).toEqual(['stop', 'close', 'exit 1']);
    // Handed back while Redis was still open (before close); the email's claim stays.
    expect(released).toEqual(['entry-1:webhook (stop)']);
    expect(await sent.claim('entry-1:webhook')).toBe(true);
    expect(await sent.claim('entry-1:email')).toBe(false);
    expect(queueLines).toEqual([
      'notification handed back by a stop: CHG-2026-004 submitted by webhook (an evaluation of the change within 10 minutes of its entry sends it; without one it is not sent)',
    ]);
    expect(lines.at(-1)).toMatch(
      /; 1 notification delivery waiting to be tried again handed back \(logged above\)$/,
    );
    // Its wait over, the handed-back delivery is not tried again here; nothing new is claimed any more.
    wake();
    queue.enqueue(notificationOf({ event: 'approved' }), [{ ...WEBHOOK_DELIVERY, id: 'entry-2:webhook' }]);
    await vi.advanceTimersByTimeAsync(10);
    expect(attempts).toEqual(['entry-1:webhook', 'entry-1:email']);
    expect(await sent.claim('entry-2:webhook')).toBe(true);
    // The email's attempt fails after the hand-back: it gives its claim back at once rather than wait.
    emailFails(new Error('421 try later'));
    await vi.advanceTimersByTimeAsync(10);
    expect(await sent.claim('entry-1:email')).toBe(true);
    expect(queueLines.at(-1)).toMatch(/^notification handed back by a stop: CHG-2026-004 submitted by email/);
  });

  test('a claim Redis cannot give back is said so, and not counted as handed back', async () => {
    vi.useFakeTimers();
    const { shutdown, handlers, lines, answer, endHandler } = stopping({ stopFails: true });
    const queueLines: string[] = [];
    const queue = createNotificationQueue({
      sender: { deliver: () => Promise.reject(new Error('503 from the hook')) },
      // As the Redis claims while Redis is unreachable: the shared claim cannot be deleted.
      sent: { claim: async () => true, release: async () => false },
      log: { info: () => undefined, warn: (message) => queueLines.push(message) },
      sleep: () => new Promise<void>(() => undefined),
    });
    handlers.alsoWaitFor(queue);
    queue.enqueue(notificationOf(), [WEBHOOK_DELIVERY]);
    await vi.advanceTimersByTimeAsync(0);
    answer();
    endHandler();
    // The server fails to stop: not a clean stop either, so the waiting notification is handed back too.
    await shutDown('SIGTERM', shutdown);
    expect(queueLines).toEqual([
      'notification not handed back by a stop: CHG-2026-004 submitted by webhook: its claim could not be given back (Redis unreachable) and stands until it expires',
    ]);
    expect(lines.at(-1)).toBe('warn stopping the server failed: server not running');
  });

  test('a server that cannot stop exits 1 with the reason', async () => {
    const { shutdown, events, lines } = stopping({ stopFails: true });
    await shutDown('SIGTERM', shutdown);
    expect(events).toEqual(['stop', 'close', 'exit 1']);
    expect(lines.at(-1)).toBe('warn stopping the server failed: server not running');
  });
});

describe('shutDownOnSignals', () => {
  test('one stop for a signal told twice at once; another a second later exits 1 at once; Probot’s listener replaced', async () => {
    vi.useFakeTimers();
    const probots = vi.fn();
    process.on('SIGINT', probots);
    const { shutdown, events, lines } = stopping();
    const off = shutDownOnSignals({ ...shutdown, replacing: [{ signal: 'SIGINT', listener: probots }] });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGTERM', 'SIGTERM');
      await vi.advanceTimersByTimeAsync(0);
      expect(events).toEqual(['stop']);
      await vi.advanceTimersByTimeAsync(1_000);
      process.emit('SIGINT', 'SIGINT');
      expect(events).toEqual(['stop', 'exit 1']);
      expect(lines.at(-1)).toBe('warn SIGINT again: exiting now');
      expect(probots).not.toHaveBeenCalled();
    } finally {
      off();
      process.off('SIGINT', probots);
    }
  });
});

describe('CHANGE_GATE_SHUTDOWN_TIMEOUT', () => {
  test('20 s by default; any duration; anything else stops the app with the reason', () => {
    expect(shutdownTimeoutMs({})).toBe(20_000);
    expect(shutdownTimeoutMs({ CHANGE_GATE_SHUTDOWN_TIMEOUT: ' 90s ' })).toBe(90_000);
    expect(shutdownTimeoutMs({ CHANGE_GATE_SHUTDOWN_TIMEOUT: '2m' })).toBe(120_000);
    expect(() => shutdownTimeoutMs({ CHANGE_GATE_SHUTDOWN_TIMEOUT: 'soon' })).toThrow(
      /^CHANGE_GATE_SHUTDOWN_TIMEOUT: "soon" is not a duration/,
    );
  });
});
