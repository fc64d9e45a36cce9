import type { Context, Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import { createAppMetrics } from '../../../src/ops/app-metrics.ts';
import { answerNow } from '../../../src/ops/early-answers.ts';
import { instrumentApp } from '../../../src/ops/instrument-app.ts';

type Handler = (context: Context) => Promise<void>;

/** The app's instrumentation around a fake Probot that hands back the wrapped handler. */
const instrumented = (handler: Handler, log: unknown = quietLog()) => {
  let wrapped: Handler | undefined;
  const probot = {
    on: (_events: unknown, registered: Handler) => (wrapped = registered),
  } as unknown as Probot;
  const waits: number[] = [];
  const metrics = createAppMetrics();
  const app = instrumentApp(probot, {
    metrics,
    retry: { delaysMs: [10, 20], maxWaitMs: 1000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  app.on('pull_request.opened', handler);
  const context = { id: 'delivery-1', name: 'pull_request', payload: { action: 'opened' }, log } as never;
  return { deliver: () => (wrapped as Handler)(context), waits, metrics };
};

const quietLog = () => {
  const log = { child: () => log, info: () => undefined, warn: () => undefined, error: () => undefined };
  return log;
};

/** A logger that records the children made of it and the lines each one logs with its fields. */
const recordingLog = () => {
  const children: Record<string, unknown>[] = [];
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const make = (fields: Record<string, unknown>) => ({
    child: (bindings: Record<string, unknown>) => {
      children.push(bindings);
      return make({ ...fields, ...bindings });
    },
    info: (message: string) => lines.push({ fields, message }),
    warn: (message: string) => lines.push({ fields, message }),
    error: (message: string) => lines.push({ fields, message }),
  });
  return { log: make({ name: 'event' }), children, lines };
};

const counted = async (metrics: ReturnType<typeof createAppMetrics>) =>
  (await metrics.events.get()).values.map((value) => ({ ...value.labels, value: value.value }));

describe('instrumentApp', () => {
  it('answers at once and handles the event again when GitHub failed for now (a 502)', async () => {
    let attempts = 0;
    let handled!: () => void;
    const done = new Promise<void>((resolve) => {
      handled = resolve;
    });
    const { deliver, waits } = instrumented(async () => {
      attempts++;
      if (attempts === 1)
        throw Object.assign(new Error('Bad Gateway'), {
          status: 502,
          request: { method: 'POST', url: 'https://api.github.com/graphql' },
          response: { headers: {} },
        });
      handled();
    });
    await deliver();
    await done;
    expect(attempts).toBe(2);
    expect(waits).toEqual([10]);
  });

  it('answers a delivery whose handler says its event is recorded, and settles the handler after', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let ended = false;
    const { deliver, metrics } = instrumented(async (context) => {
      answerNow(context);
      await finished;
      ended = true;
    });
    // Answered while the handler still waits (for its evaluation).
    await deliver();
    expect(ended).toBe(false);
    expect(await counted(metrics)).toEqual([]);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ended).toBe(true);
    expect(await counted(metrics)).toEqual([{ event: 'pull_request.opened', outcome: 'handled', value: 1 }]);
  });

  it('retries a handler answered early that then failed for now, and logs one that failed for good', async () => {
    let attempts = 0;
    let handled!: () => void;
    const done = new Promise<void>((resolve) => {
      handled = resolve;
    });
    const transient = instrumented(async (context) => {
      attempts++;
      answerNow(context);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (attempts === 1)
        throw Object.assign(new Error('Bad Gateway'), {
          status: 502,
          request: { method: 'POST', url: 'https://api.github.com/graphql' },
          response: { headers: {} },
        });
      handled();
    });
    await transient.deliver();
    await done;
    expect(attempts).toBe(2);
    expect(transient.waits).toEqual([10]);

    const recording = recordingLog();
    const broken = instrumented(async (context) => {
      answerNow(context);
      await new Promise((resolve) => setTimeout(resolve, 0));
      throw new Error('a bug');
    }, recording.log);
    // Answered (no error answer: the event is recorded); the failure is counted and logged, not retried.
    await broken.deliver();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(broken.waits).toEqual([]);
    expect(await counted(broken.metrics)).toEqual([
      { event: 'pull_request.opened', outcome: 'failed', value: 1 },
    ]);
    expect(recording.lines.map((line) => line.message)).toEqual([
      'pull_request.opened failed after its delivery was answered: a bug',
    ]);
  });

  it('fails the delivery on an error that is not worth retrying', async () => {
    const { deliver, waits } = instrumented(async () => {
      throw new Error('a bug');
    });
    await expect(deliver()).rejects.toThrow('a bug');
    expect(waits).toEqual([]);
  });

  it('builds the delivery logger only when the handler logs, with the delivery id and the event', async () => {
    const silent = recordingLog();
    await instrumented(async () => undefined, silent.log).deliver();
    expect(silent.children).toEqual([]);

    const talking = recordingLog();
    await instrumented(async (context) => {
      context.log.info('one');
      context.log.info('two');
    }, talking.log).deliver();
    expect(talking.children).toEqual([{ delivery: 'delivery-1', event: 'pull_request.opened' }]);
    expect(talking.lines).toEqual([
      { fields: { name: 'event', delivery: 'delivery-1', event: 'pull_request.opened' }, message: 'one' },
      { fields: { name: 'event', delivery: 'delivery-1', event: 'pull_request.opened' }, message: 'two' },
    ]);
  });

  it('lets a handler replace context.log', async () => {
    const lines: string[] = [];
    const replacement = { info: (message: string) => lines.push(message) };
    await instrumented(async (context) => {
      context.log = replacement as never;
      context.log.info('through the replacement');
    }).deliver();
    expect(lines).toEqual(['through the replacement']);
  });

  it('counts events by event and outcome', async () => {
    const ok = instrumented(async () => undefined);
    await ok.deliver();
    await ok.deliver();
    expect(await counted(ok.metrics)).toEqual([
      { event: 'pull_request.opened', outcome: 'handled', value: 2 },
    ]);

    const failing = instrumented(async () => {
      throw new Error('a bug');
    });
    await expect(failing.deliver()).rejects.toThrow('a bug');
    expect(await counted(failing.metrics)).toEqual([
      { event: 'pull_request.opened', outcome: 'failed', value: 1 },
    ]);
  });
});
