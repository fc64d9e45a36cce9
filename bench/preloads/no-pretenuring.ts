// A/B preload for the throughput bench: `BENCH_APP_NODE_OPTIONS="--import ./bench/preloads/no-pretenuring.ts"`.
// Turns off V8's allocation-site pretenuring in the measured app process only (`dist/app.js`): a bench-only
// experiment (Node refuses the flag in NODE_OPTIONS), not how the app runs. Under the burst, sites of the app
// were decided "tenure" (`--trace-pretenuring`), their objects went straight to the old generation and it ran
// a full collection every ~250 events; without it, ~0.1 ms less CPU per event (bench/README figures in the
// CHANGELOG entry).
import { setFlagsFromString } from 'node:v8';

if (process.argv.some((argument) => argument.endsWith('dist/app.js')))
  setFlagsFromString('--no-allocation-site-pretenuring');
