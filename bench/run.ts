// `npm run bench`: prints figures; nothing here asserts a time (the machine is shared and noisy). The table at
// the end holds issue 16's figures, each with its target and whether this run met it. BENCH_SMOKE=1 runs a tiny
// variant of every benchmark (CI checks that the figures print, never their values).
import { CALL_TARGETS } from '../sandbox/harness/measure-event-calls.ts';
import { actionBenchmark } from './action.bench.ts';
import { describeActionFigures } from './action-figures.ts';
import { coreBenchmarks } from './core.bench.ts';
import { type EventFigures, e2eBenchmarks } from './e2e.bench.ts';
import { type Figure, printFigures } from './figure-table.ts';
import { webhookToCheckBenchmark } from './latency.bench.ts';
import { describeLoad, describeMachine } from './machine.ts';
import { printTable } from './measure.ts';
import { printThroughput } from './print-throughput.ts';
import { reportBenchmarks } from './report.bench.ts';
import { FULL_THROUGHPUT, throughputBenchmarks } from './throughput.bench.ts';

const smoke = process.env.BENCH_SMOKE === '1';
const size = smoke
  ? {
      coreMinMs: 5,
      reports: [200],
      latencySamples: 2,
      throughput: {
        changes: 1,
        plainPulls: 1,
        durationMs: 500,
        rounds: 2,
        concurrency: 8,
        fewInFlight: 2,
        replicas: [2],
      },
      actionRuns: 1,
    }
  : {
      coreMinMs: 500,
      reports: [2_000, 10_000],
      latencySamples: 40,
      throughput: FULL_THROUGHPUT,
      actionRuns: 7,
    };
const INJECTED_MS = 50;
const started = performance.now();

console.log(
  `Change Gate benchmarks${smoke ? ' (smoke: tiny sizes, figures not meaningful)' : ''} — ${new Date().toISOString()}`,
);
console.log(describeMachine());
printTable('Pure core (per call)', await coreBenchmarks({ minMs: size.coreMinMs }));

const { events, releaseMs, lifecycle, second } = await e2eBenchmarks();
const within = (value: number, target: number | null) =>
  target === null ? '' : value <= target ? `≤ ${target} ✅` : `≤ ${target} ❌`;
const printEvents = (rows: EventFigures[]) => {
  console.log(
    '| event | API calls | of them auth | ≤ target? | throttled (writes + GraphQL) | GraphQL | sequential round trips (per webhook) | ≤ 2? | wall ms |',
  );
  console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.event} | ${row.calls} | ${row.auth} | ${within(row.calls, row.target)} | ${row.throttled} | ${row.graphql} | ${row.roundTrips} | ${within(row.roundTrips, CALL_TARGETS.roundTrips)} | ${row.ms.toFixed(0)} |`,
    );
  }
};
console.log('\nThe real app against the simulator (per webhook, including what the app does in response)');
printEvents(events);
console.log(
  '\nOne change, open → 3 approvals → merge → gate → finish (a high-priority feature, acme/lifecycle; 20 ms added to every request so that reads made at once count as one round trip)',
);
printEvents(lifecycle.events);
console.log('\nOn the way, not part of the lifecycle: an event that changes nothing on the approved change');
printEvents(lifecycle.quiet);
console.log(
  `\nLifecycle total: ${lifecycle.calls} API calls (${lifecycle.auth} of them the app's hourly authentication), target ${within(lifecycle.calls, lifecycle.target)}`,
);
console.log(
  '\nThe same lifecycle for a second change in acme/lifecycle (its deploy starts at the first one)',
);
printEvents(second.events);
console.log(
  `\nSecond lifecycle total: ${second.calls} API calls (${second.auth} of them authentication), target ${within(second.calls, second.target)}`,
);
console.log(
  `\nLast approval → waiting deploy released through the protection rule: ${releaseMs.toFixed(0)} ms (no runner held; ServiceNow DevOps Change polls every 100 s at minimum).`,
);

const reports = await reportBenchmarks(size.reports);
console.log('\nchange-gate report over many changes (one repository, six months read for the trend)');
console.log(
  '| changes | API calls | searches | report API calls per 1,000 changes | peak heap MB | peak RSS MB | wall ms |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of reports) {
  console.log(
    `| ${row.changes} | ${row.calls} | ${row.searches} | ${row.callsPer1000.toFixed(1)} | ${row.peakHeapMb.toFixed(1)} | ${row.maxRssMb.toFixed(1)} | ${row.ms.toFixed(0)} |`,
  );
}

const latency = await webhookToCheckBenchmark({ samples: size.latencySamples, injectedMs: INJECTED_MS });
console.log(
  `\nWebhook → check run written, ${INJECTED_MS} ms injected per GitHub request, after a second without writes: ${latency.samples} samples, p50 ${latency.p50Ms.toFixed(0)} ms, p99 ${latency.p99Ms.toFixed(0)} ms (nearest rank: the slowest sample below 100)`,
);

const throughput = await throughputBenchmarks(size.throughput);
printThroughput(throughput, size.throughput);

const action = await actionBenchmark({ runs: size.actionRuns });
console.log(`\n${describeActionFigures(action)}`);

const largestReport = reports.at(-1);
const figures: Figure[] = [
  {
    name: `webhook → check run p50 (${INJECTED_MS} ms per GitHub request)`,
    value: latency.p50Ms,
    unit: 'ms',
    digits: 0,
    target: { atMost: latency.targetMs },
    detail: `${latency.samples} samples, no write in the second before`,
  },
  {
    name: `webhook → check run p99 (${INJECTED_MS} ms per GitHub request)`,
    value: latency.p99Ms,
    unit: 'ms',
    digits: 0,
    target: { atMost: latency.targetMs },
    detail: `${latency.samples} samples, nearest rank`,
  },
  ...throughput.rows
    .filter((row) => row.concurrency === size.throughput.concurrency)
    .map(
      (row): Figure => ({
        name: `events/s, ${row.replicas === 1 ? 'one process' : `${row.replicas} replicas on Redis`}, ratio to a no-op Probot app`,
        value: row.ratio,
        unit: '',
        digits: 3,
        target: { atLeast: 0.7 },
        detail: `${row.app.eventsPerSecond.toFixed(1)} / ${row.noop.eventsPerSecond.toFixed(1)} events/s${row.replicas > 1 ? ` (${row.replicas} no-op processes)` : ''}, ${row.concurrency} in flight; CPU per event ${row.app.cpuMsPerEvent.toFixed(2)} / ${row.noop.cpuMsPerEvent.toFixed(2)} ms`,
      }),
    ),
  {
    name: 'last approval → waiting deploy released',
    value: releaseMs,
    unit: 'ms',
    digits: 0,
    target: { atMost: 1_200 },
    detail: 'the check write, then the protection rule callback',
  },
  {
    name: "action start-to-decision, ratio to `node -e ''` (empty compile cache)",
    value: action.ratio,
    unit: '',
    digits: 1,
    target: { atMost: 3 },
    detail: `${action.actionMedianMs.toFixed(0)} / ${action.nodeMedianMs.toFixed(0)} ms, medians of ${action.runs}, empty compile cache (warm: ${action.warmMedianMs.toFixed(0)} ms, ${action.warmRatio.toFixed(1)})`,
  },
  ...(largestReport
    ? [
        {
          name: 'report API calls per 1,000 changes',
          value: largestReport.callsPer1000,
          unit: '',
          digits: 1,
          target: { atMost: 20 },
          detail: `${largestReport.calls} calls for ${largestReport.changes} changes`,
        },
      ]
    : []),
  ...(throughput.fewPeakRssMiB === null
    ? []
    : [
        {
          name: `peak RSS of the app process under sustained load, ${size.throughput.fewInFlight} in flight`,
          value: throughput.fewPeakRssMiB,
          unit: 'MiB',
          digits: 1,
          target: { atMost: 150 },
          detail: `VmHWM of its node process after the one-process load with ${size.throughput.fewInFlight} in flight (run first)`,
        },
      ]),
  {
    name: `peak RSS of the app process under sustained load, ${size.throughput.concurrency} in flight`,
    value: throughput.peakRssMiB,
    unit: 'MiB',
    digits: 1,
    target: { atMost: 150 },
    detail: `VmHWM of its node process after both one-process loads; the no-op Probot app's ${throughput.noopPeakRssMiB.toFixed(1)} MiB`,
  },
];
printFigures('Issue 16 figures (targets from the issue; nothing fails on a miss)', figures);
console.log(
  `\nWhole run: ${((performance.now() - started) / 1000).toFixed(0)} s; at its end, ${describeLoad()}`,
);
