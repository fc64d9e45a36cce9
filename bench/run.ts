// `npm run bench`: prints figures; nothing here asserts a time (the machine is shared and noisy).
import { coreBenchmarks } from './core.bench.ts';
import { e2eBenchmarks } from './e2e.bench.ts';
import { printTable } from './measure.ts';

console.log(`Change Gate benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
printTable('Pure core (per call)', await coreBenchmarks());

const { events, releaseMs } = await e2eBenchmarks();
console.log('\nThe real app against the simulator (per webhook, including what the app does in response)');
console.log(
  '| event | API calls | throttled (writes + GraphQL) | GraphQL | sequential round trips | wall ms |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of events) {
  console.log(
    `| ${row.event} | ${row.calls} | ${row.throttled} | ${row.graphql} | ${row.roundTrips} | ${row.ms.toFixed(0)} |`,
  );
}
console.log(
  `\nLast approval → waiting deploy released through the protection rule: ${releaseMs.toFixed(0)} ms (no runner held; ServiceNow DevOps Change polls every 100 s at minimum).`,
);
