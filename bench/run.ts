// `npm run bench`: prints figures; nothing here asserts a time (the machine is shared and noisy).
import { coreBenchmarks } from './core.bench.ts';
import { printTable } from './measure.ts';

console.log(`Change Gate benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
printTable('Pure core (per call)', await coreBenchmarks());
