// `npm run bench`: prints figures; nothing here asserts a time (the machine is shared and noisy).

import { CALL_TARGETS } from '../sandbox/harness/measure-event-calls.ts';
import { coreBenchmarks } from './core.bench.ts';
import { type EventFigures, e2eBenchmarks } from './e2e.bench.ts';
import { printTable } from './measure.ts';
import { reportBenchmarks } from './report.bench.ts';

console.log(`Change Gate benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
printTable('Pure core (per call)', await coreBenchmarks());

const { events, releaseMs, lifecycle } = await e2eBenchmarks();
const within = (value: number, target: number | null) =>
  target === null ? '' : value <= target ? `≤ ${target} ✅` : `≤ ${target} ❌`;
const printEvents = (rows: EventFigures[]) => {
  console.log(
    '| event | API calls | of them auth | ≤ target? | throttled (writes + GraphQL) | GraphQL | sequential round trips | ≤ 2? | wall ms |',
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
  '\nOne change, open → 3 approvals → merge → gate → finish (a high-priority feature, acme/lifecycle)',
);
printEvents(lifecycle.events);
console.log(
  `\nLifecycle total: ${lifecycle.calls} API calls (${lifecycle.auth} of them the app's hourly authentication), target ${within(lifecycle.calls, lifecycle.target)}`,
);
console.log(
  `\nLast approval → waiting deploy released through the protection rule: ${releaseMs.toFixed(0)} ms (no runner held; ServiceNow DevOps Change polls every 100 s at minimum).`,
);

const reports = await reportBenchmarks();
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
