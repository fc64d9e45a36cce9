// One part of `npm run bench`, for a change that moves only its figures: `node bench/part.ts <part>…` with
// parts `release` (the real app against the simulator: per-event wall times and last approval → waiting deploy
// released), `latency` (webhook → check run, LATENCY_SAMPLES samples, default 40, 50 ms injected per
// request), `throughput` (events per second against a no-op Probot app, one process and replicas on Redis;
// BENCH_APP_NODE_OPTIONS reaches the measured app processes, e.g. an `--import` of a profiling preload, and
// BENCH_NOOP_NODE_OPTIONS the no-op's) and `throughput-one` (the same, one process only: ~35 s).
// Prints figures; asserts nothing (the machine is shared and noisy).
import { e2eBenchmarks } from './e2e.bench.ts';
import { webhookToCheckBenchmark } from './latency.bench.ts';
import { printThroughput } from './print-throughput.ts';
import { FULL_THROUGHPUT, throughputBenchmarks } from './throughput.bench.ts';

const PARTS = ['release', 'latency', 'throughput', 'throughput-one'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
if (asked.length === 0 || unknown.length > 0) {
  console.error(
    `usage: node bench/part.ts <${PARTS.join('|')}>…${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
  );
  process.exit(2);
}

if (asked.includes('release')) {
  const { events, lifecycle, releaseMs } = await e2eBenchmarks();
  console.log('| event | API calls | wall ms |');
  console.log('| --- | ---: | ---: |');
  for (const row of [...events, ...lifecycle.events]) {
    console.log(`| ${row.event} | ${row.calls} | ${row.ms.toFixed(0)} |`);
  }
  console.log(`\nLast approval → waiting deploy released: ${releaseMs.toFixed(0)} ms (target ≤ 1200 ms)`);
}

if (asked.includes('latency')) {
  const samples = Number(process.env.LATENCY_SAMPLES ?? 40);
  const latency = await webhookToCheckBenchmark({ samples, injectedMs: 50 });
  console.log(
    `\nWebhook → check run written, 50 ms injected per GitHub request: ${latency.samples} samples, p50 ${latency.p50Ms.toFixed(0)} ms, p99 ${latency.p99Ms.toFixed(0)} ms (target ≤ ${latency.targetMs} ms)`,
  );
}

for (const part of ['throughput', 'throughput-one'] as const) {
  if (!asked.includes(part)) continue;
  const appOptions = process.env.BENCH_APP_NODE_OPTIONS;
  const noopOptions = process.env.BENCH_NOOP_NODE_OPTIONS;
  const options = {
    ...FULL_THROUGHPUT,
    ...(part === 'throughput-one' ? { replicas: [] } : {}),
    ...(appOptions ? { appEnv: { NODE_OPTIONS: appOptions } } : {}),
    ...(noopOptions ? { noopEnv: { NODE_OPTIONS: noopOptions } } : {}),
  };
  printThroughput(await throughputBenchmarks(options), options);
}
