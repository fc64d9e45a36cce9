// CPU and garbage of one webhook covered by a queued evaluation, in this process: the app's handler chain as
// src/index.ts wires it (instrumentApp → oncePerDelivery → the pull_request handler → reconcileFromEvent →
// JoinableEvaluations), on Probot's Context and pino logger at info (to /dev/null), with an owner's evaluation
// held in the repository's lock so that every event is covered. What Probot does before the handler (signature,
// parse, the event's Octokit) is not in it. `node --expose-gc bench/covered-event.bench.ts [events]`; prints figures,
// asserts nothing (the machine is shared and noisy).

import { pino } from 'pino';
import { Context, type Probot } from 'probot';
import type { AppDeps } from '../src/app/app-deps.ts';
import { createKeyedLock } from '../src/app/create-keyed-lock.ts';
import { oncePerDelivery } from '../src/handlers/once-per-delivery.ts';
import { registerPullRequestHandlers } from '../src/handlers/pull-request.ts';
import { createAppMetrics } from '../src/ops/app-metrics.ts';
import { instrumentApp } from '../src/ops/instrument-app.ts';
import { everyDelivery } from '../src/use-cases/delivery-claims.ts';
import { createJoinableEvaluations } from '../src/use-cases/joinable-evaluations.ts';
import { examplePayload } from '../test/support/probot-harness.ts';

const events = Number(process.argv[2] ?? 50_000);
type Handler = (context: Context) => Promise<void>;
const handlers: Handler[] = [];
const probot = { on: (_events: unknown, handler: Handler) => handlers.push(handler) } as unknown as Probot;
const metrics = createAppMetrics();
const lock = createKeyedLock();
const deps = {
  lock,
  evaluations: createJoinableEvaluations(),
  identity: async () => ({ id: 1, slug: 'change-gate', botLogin: 'change-gate[bot]' }),
  teams: {},
  metrics,
} as unknown as AppDeps;
const app = instrumentApp(probot, { metrics, retry: { delaysMs: [], maxWaitMs: 0 } });
registerPullRequestHandlers(oncePerDelivery(app, everyDelivery), deps);
const handler = handlers[0] as Handler;

const log = pino({ level: 'info', name: 'probot' }, pino.destination({ dest: '/dev/null', sync: true }));
const payload = examplePayload('pull_request', 'opened');
const octokit = { hook: { before: () => undefined } };
const contextOf = (i: number) =>
  new Context(
    { id: `delivery-${i}`, name: 'pull_request', payload } as never,
    octokit as never,
    log.child({ name: 'event', id: `delivery-${i}` }) as never,
  );

// The repository's lock held: the first event's evaluation (the owner) stays queued, and covers the rest.
let release!: () => void;
void lock.run('codertocat/hello-world', () => new Promise<void>((resolve) => (release = resolve)));
const owner = handler(contextOf(0)).catch(() => undefined);

const run = async (count: number, from: number) => {
  for (let i = 0; i < count; i++) await handler(contextOf(from + i));
};
await run(5_000, 1); // warm-up
// With --expose-gc the heap is measured after a full collection: what the covered events keep alive.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
collect();
const heapBefore = process.memoryUsage().heapUsed;
const cpu = process.cpuUsage();
const started = performance.now();
await run(events, 10_000);
const used = process.cpuUsage(cpu);
const wall = performance.now() - started;
collect();
const kept = process.memoryUsage().heapUsed - heapBefore;
console.log(
  `covered events: ${events}; CPU ${(((used.user + used.system) / events) | 0).toString()} µs per event (user ${(used.user / events).toFixed(1)}, system ${(used.system / events).toFixed(1)}); wall ${((wall * 1000) / events).toFixed(1)} µs per event; heap Δ ${(kept / 2 ** 20).toFixed(1)} MiB (${((kept / events) | 0).toString()} bytes per event${(globalThis as { gc?: unknown }).gc ? ', after a full GC' : ', garbage included: run with --expose-gc'})`,
);
release();
await owner;
process.exit(0);
