// Preload for the throughput bench's app and no-op processes (`BENCH_APP_NODE_OPTIONS="--import
// ./bench/preloads/cpu-profile.ts"` reaches the app's, `BENCH_NOOP_NODE_OPTIONS` the no-op's): samples the
// main thread's CPU (every 200 µs) from the start, and when the bench ends the process (SIGTERM or SIGINT) writes
// `<kind>-<pid>.cpuprofile` in `$BENCH_CPU_PROFILE_DIR` (default /tmp/change-gate-cpu-profiles), then exits.
// `node --cpu-prof` writes nothing there: Node's default SIGTERM ends the process without its exit work. The
// profile opens in Chrome's DevTools (Performance) or any `.cpuprofile` viewer; the profiler slows what it
// measures, so compare two profiles taken alike, never the run's figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const kind = process.argv.some((argument) => argument.endsWith('dist/app.js'))
  ? 'app'
  : process.argv.some((argument) => argument.includes('noop-app'))
    ? 'noop'
    : null;

if (kind !== null) {
  const dir = process.env.BENCH_CPU_PROFILE_DIR ?? '/tmp/change-gate-cpu-profiles';
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  const end = () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(`${dir}/${kind}-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
      process.exit(0);
    });
  };
  process.once('SIGTERM', end);
  process.once('SIGINT', end);
}
