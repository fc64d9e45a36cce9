// `node bench/app-rss.ts`: only the sustained-load part of the throughput benchmark with one app process (no
// replicas, no Redis), printing the app's peak resident set; what `npm run bench` reports as "peak RSS of the
// app process under sustained load, 16 in flight", without the rest of the run (`npm run bench` also loads it with
// 64 in flight, at a higher rate, and reports that peak too). Prints figures, asserts nothing.
import { throughputBenchmarks } from './throughput.bench.ts';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 8_000);
const figures = await throughputBenchmarks({
  changes: 3,
  plainPulls: 3,
  durationMs,
  concurrency: 16,
  replicas: [],
  // BENCH_APP_NODE_OPTIONS: NODE_OPTIONS of the app's `npm start` only (e.g. --heapsnapshot-signal=SIGUSR2, or
  // --import of a memory sampler); npm and the build step get them too, the simulator and the sender do not.
  ...(process.env.BENCH_APP_NODE_OPTIONS
    ? { appEnv: { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } }
    : {}),
});
const [row] = figures.rows;
console.log(
  `One app process, ${figures.payloads} signed webhooks, 16 in flight, ${durationMs / 1000} s after a warm-up pass: ${row?.app.eventsPerSecond.toFixed(1)} events/s (no-op Probot ${row?.noop.eventsPerSecond.toFixed(1)})`,
);
console.log(
  `Peak RSS (VmHWM) of the app's node process: ${figures.peakRssMiB.toFixed(1)} MiB (target ≤ 150); the no-op Probot app's under the same load: ${figures.noopPeakRssMiB.toFixed(1)} MiB (its TypeScript source: Node's type stripper included)`,
);
