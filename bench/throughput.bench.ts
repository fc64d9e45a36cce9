// Events per second of the app as a ratio to a no-op Probot app, on the same pre-signed webhooks sent straight
// to /api/github/webhooks with bounded concurrency: one process, then 2 and 4 replicas on Redis behind a
// round robin; and the peak resident set (VmHWM) of the one app process after that sustained load.
import { fileURLToPath } from 'node:url';
import { createSeededRandom } from '../sandbox/github-sim/instruments/seeded-random.ts';
import { type AppProcess, spawnApp, waitUntilListening } from '../sandbox/harness/app-process.ts';
import { appProcessEnv, GITHUB_PACING } from '../sandbox/harness/app-process-env.ts';
import { freePort } from '../sandbox/harness/free-port.ts';
import { type E2E, startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../sandbox/seed-org.ts';
import { DEFAULT_HEAL_INTERVAL } from '../src/app/heal-timing.ts';
import { LOW_PRIORITY_BLOCK } from '../test/support/change-bodies.ts';
import { startRedisServer } from '../test/support/redis-server.ts';
import { interleavedLoad, type LoadFigures, type Side } from './interleaved-load.ts';
import { findNodeInGroup, peakRssMiB } from './process-peak-rss.ts';
import type { SignedWebhook } from './send-signed-webhooks.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Both sides log as in production (compose.yaml): one JSON line per record, no pretty-printing. */
const PRODUCTION_LOGS = { LOG_FORMAT: 'json' } as const;
const REPO = 'acme/bench';

export interface ThroughputOptions {
  /** Changes taken through open → change label → comment → approval while recording the webhooks. */
  changes: number;
  /** Plain pull requests (not changes): open → comment → title edit. */
  plainPulls: number;
  /** How long each side is loaded in all, after one warm-up pass over the payloads. */
  durationMs: number;
  /** Rounds the load is split into, app and no-op in turns (default 1). */
  rounds?: number;
  /**
   * Webhooks in flight: enough that each side's processes stay busy (their capacity). GitHub delivers a burst's
   * webhooks at once, with no cap of its own.
   */
  concurrency: number;
  /**
   * The one process also loaded with this many in flight, first (printed, no target): too few to keep it
   * busy, because without Redis the delivery that leads an evaluation waits for it (and for the repository's
   * lock), so each change under load holds about one of them.
   */
  fewInFlight?: number;
  /** Replica counts on Redis measured after the one process (e.g. [2, 4]). */
  replicas: readonly number[];
  /** More environment for the measured app processes, the one and the replicas (e.g. NODE_OPTIONS to profile). */
  appEnv?: Record<string, string>;
  /** More environment for the no-op processes (e.g. the same profiling preload as the app's). */
  noopEnv?: Record<string, string>;
}

/** The sizes `npm run bench` and `node bench/part.ts throughput` measure. */
export const FULL_THROUGHPUT: ThroughputOptions = {
  changes: 3,
  plainPulls: 3,
  durationMs: 8_000,
  rounds: 5,
  concurrency: 64,
  fewInFlight: 16,
  replicas: [2, 4],
};

export interface ThroughputRow {
  replicas: number;
  /** Webhooks in flight. */
  concurrency: number;
  app: LoadFigures;
  noop: LoadFigures;
  /** App events per second / no-op events per second: the median of the rounds' ratios. */
  ratio: number;
  /** Each round's ratio. */
  ratios: number[];
  /** GitHub API calls the app made per event handled, and REST writes while loaded (none expected). */
  callsPerEvent: number;
  writes: number;
}

export interface ThroughputFigures {
  /** Distinct signed payloads replayed (recorded from the simulator's deliveries). */
  payloads: number;
  rows: ThroughputRow[];
  /** VmHWM of the one app process (its node process, not npm's) after the warm-up and every load. */
  peakRssMiB: number;
  /**
   * Its VmHWM after the load with `fewInFlight` alone (run first, at a lower rate: what grows with the rate is
   * the old generation); null without it.
   */
  fewPeakRssMiB: number | null;
  /**
   * VmHWM of the one no-op Probot process after the same load: what Node and Probot hold without the app. It
   * runs bench/noop-app.ts, so it includes Node's TypeScript stripper (about 17 MiB), which the app's bundle
   * does not load.
   */
  noopPeakRssMiB: number;
}

/** The app's events as GitHub sent them for a few change lifecycles, signed with the app's webhook secret. */
const recordWebhooks = async (e2e: E2E, options: ThroughputOptions): Promise<SignedWebhook[]> => {
  const { sim } = e2e;
  await seedStatusLabels(sim, REPO);
  for (let i = 1; i <= options.changes; i++) {
    const pr = await sim.as('dana').openPullRequest({
      repo: REPO,
      title: `Fix ${i}`,
      body: `A small fix.\n\n${LOW_PRIORITY_BLOCK}`,
      head: `fix-${i}`,
      files: { [`src/fix-${i}.ts`]: 'export {};\n' },
    });
    await sim.as('dana').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
    await sim.as('erin').comment({ repo: REPO, number: pr.number, body: 'Looks good' });
    await sim.as('carl').review({ repo: REPO, number: pr.number, event: 'APPROVE', body: 'Approved.' });
  }
  for (let i = 1; i <= options.plainPulls; i++) {
    const pr = await sim.as('dana').openPullRequest({
      repo: REPO,
      title: `Refactor ${i}`,
      body: 'Tidying up.',
      head: `refactor-${i}`,
      files: { [`src/refactor-${i}.ts`]: 'export {};\n' },
    });
    await sim.as('erin').comment({ repo: REPO, number: pr.number, body: 'Nice' });
    await sim.as('dana').editPullRequest({ repo: REPO, number: pr.number, title: `Refactor ${i} (tidy)` });
  }
  await sim.settle();
  sim.assertDeliveriesSucceeded();
  const webhooks = sim.deliveries.map((delivery) => ({ headers: delivery.headers, body: delivery.body }));
  // In the order they were recorded, the webhooks in flight would mostly belong to one change, whose
  // evaluations take turns (the per-change lock); a burst over an organisation mixes its changes. Seeded, so
  // every run and both apps get the same order.
  const random = createSeededRandom(16);
  for (let i = webhooks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [webhooks[i], webhooks[j]] = [webhooks[j] as SignedWebhook, webhooks[i] as SignedWebhook];
  }
  return webhooks;
};

const startProcesses = async (options: {
  e2e: E2E;
  count: number;
  kind: 'app' | 'noop';
  env?: Record<string, string>;
}): Promise<{ urls: string[]; processes: AppProcess[] }> => {
  const { e2e } = options;
  const processes: AppProcess[] = [];
  try {
    const urls = await Promise.all(
      Array.from({ length: options.count }, async () => {
        const port = await freePort();
        const started = spawnApp({
          repoRoot: ROOT,
          command: options.kind === 'app' ? 'npm-start' : 'probot-run',
          appPath: options.kind === 'app' ? './src/index.ts' : './bench/noop-app.ts',
          env: appProcessEnv({
            app: e2e.app,
            sim: e2e.sim,
            port,
            extra: { ...PRODUCTION_LOGS, ...GITHUB_PACING, ...options.env },
          }),
        });
        processes.push(started);
        await waitUntilListening({ url: `http://127.0.0.1:${port}/`, app: started, timeoutMs: 60_000 });
        return `http://127.0.0.1:${port}/api/github/webhooks`;
      }),
    );
    return { urls, processes };
  } catch (error) {
    for (const started of processes) await started.stop();
    throw error;
  }
};

export const throughputBenchmarks = async (options: ThroughputOptions): Promise<ThroughputFigures> => {
  const e2e = await startSimulatorAndApp({
    // GitHub's side should not be what limits the rate: no OpenAPI check of every request and answer.
    simulator: { openapi: false },
    logLevel: 'info',
    env: { ...PRODUCTION_LOGS, ...GITHUB_PACING, ...options.appEnv },
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'bench' });
    },
  });
  const { sim } = e2e;
  const redis = options.replicas.length > 0 ? await startRedisServer() : null;
  try {
    const webhooks = await recordWebhooks(e2e, options);
    // Anything the app writes while replaying (nothing, when every replay finds the change as it is) would
    // send webhooks of its own into the measurement.
    sim.dropWebhooks(true);
    const rows: ThroughputRow[] = [];
    /** The app's `count` processes against as many no-op processes, interleaved; the no-op side stopped after. */
    const measure = async (count: number, app: Side, concurrency = options.concurrency) => {
      const noop = await startProcesses({
        e2e,
        count,
        kind: 'noop',
        ...(options.noopEnv ? { env: options.noopEnv } : {}),
      });
      try {
        const mark = sim.mark();
        const {
          app: appFigures,
          noop: noopFigures,
          ratio,
          ratios,
        } = await interleavedLoad({
          app,
          noop: { urls: noop.urls, groups: noop.processes.map((started) => started.pid) },
          webhooks,
          run: { ...options, concurrency },
        });
        // As the installation: an installation token each new replica fetches is not the events' work. The
        // no-op app calls nothing; the warm-up pass counts with the events.
        const calls = sim.requestsSince(mark).filter((request) => request.auth === 'installation');
        const row: ThroughputRow = {
          replicas: count,
          concurrency,
          app: appFigures,
          noop: noopFigures,
          ratio,
          ratios,
          callsPerEvent: calls.length / Math.max(1, appFigures.handled + webhooks.length),
          writes: calls.filter((request) => request.api === 'rest' && request.method !== 'GET').length,
        };
        const noopPeak = count === 1 ? peakRssMiB(noop.processes[0]?.pid ?? 0) : 0;
        return { row, noopPeak };
      } finally {
        for (const started of noop.processes) await started.stop();
      }
    };

    const one: Side = { urls: [e2e.webhookUrl], groups: [e2e.process.pid] };
    // `npm start` builds dist/app.js, then runs it (package.json).
    const node = findNodeInGroup({ group: e2e.process.pid, argument: 'dist/app.js' });
    if (node === null) throw new Error("the app's node process was not found in its process group");
    // The load with fewer in flight first: its peak is read before the busier load can raise it.
    const few = options.fewInFlight === undefined ? null : await measure(1, one, options.fewInFlight);
    const fewPeak = few === null ? null : peakRssMiB(node);
    const single = await measure(1, one);
    const peak = peakRssMiB(node);
    rows.push(single.row, ...(few ? [few.row] : []));
    await e2e.process.stop();

    for (const count of options.replicas) {
      const replicas = await startProcesses({
        e2e,
        count,
        kind: 'app',
        // As production runs replicas: the heal round on (its default interval), so that events are marked dirty
        // and covered across replicas (appProcessEnv turns it off for the other measurements). Its rounds find
        // nothing to heal here: every mark is cleared by an evaluation within the load.
        env: {
          ...options.appEnv,
          REDIS_URL: (redis as NonNullable<typeof redis>).url,
          CHANGE_GATE_HEAL_INTERVAL: DEFAULT_HEAL_INTERVAL,
        },
      });
      try {
        const measured = await measure(count, {
          urls: replicas.urls,
          groups: replicas.processes.map((started) => started.pid),
          ...(redis ? { redisUrl: redis.url } : {}),
        });
        rows.push(measured.row);
      } finally {
        for (const started of replicas.processes) await started.stop();
      }
    }
    const noopPeak = single.noopPeak;
    return {
      payloads: webhooks.length,
      rows,
      peakRssMiB: peak,
      fewPeakRssMiB: fewPeak,
      noopPeakRssMiB: noopPeak,
    };
  } finally {
    await e2e.stop();
    await redis?.stop();
  }
};
