// Preload for the throughput bench's app and no-op processes (`BENCH_APP_NODE_OPTIONS="--import
// ./bench/preloads/gc-figures.ts"` reaches the app's, `BENCH_NOOP_NODE_OPTIONS` the no-op's): every second,
// one line per process in `$BENCH_GC_FIGURES_DIR` (default /tmp/change-gate-gc-figures), `<kind>-<pid>.log`,
// cumulative since start:
//   <ms since epoch> cpu main=<ms> v8-workers=<ms> libuv=<ms> gc scavenge=<n>/<ms> mark-compact=<n>/<ms>
//   incremental=<n>/<ms> heap used=<MiB> old=<MiB>
// The difference of two lines taken during the load, divided by the events answered meanwhile, gives CPU per
// event split between the main thread and V8's helper threads (mostly the garbage collector's), and the
// collections per event. /proc's user + system clock ticks (Linux).
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { measuredKind } from './measured-process.ts';

const kind = measuredKind();

const MIB = 1024 * 1024;
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU milliseconds of this process's threads by role, from /proc/self/task/<tid>/stat. */
const threadCpu = (): Record<'main' | 'v8-workers' | 'libuv' | 'other', number> => {
  const cpu = { main: 0, 'v8-workers': 0, libuv: 0, other: 0 };
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const role =
      tid === String(process.pid)
        ? 'main'
        : name.startsWith('V8 ') || name.startsWith('V8Worker')
          ? 'v8-workers'
          : name.startsWith('libuv')
            ? 'libuv'
            : 'other';
    cpu[role] += ms;
  }
  return cpu;
};

if (kind !== null) {
  const dir = process.env.BENCH_GC_FIGURES_DIR ?? '/tmp/change-gate-gc-figures';
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${kind}-${process.pid}.log`;
  const names: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  };
  const gc: Record<string, { count: number; ms: number }> = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      const name = names[detail?.kind ?? -1] ?? 'other';
      gc[name] ??= { count: 0, ms: 0 };
      const figures = gc[name];
      figures.count++;
      figures.ms += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const cpu = threadCpu();
    const old = getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
    const line = [
      Date.now(),
      `cpu main=${cpu.main} v8-workers=${cpu['v8-workers']} libuv=${cpu.libuv} other=${cpu.other}`,
      `gc ${Object.entries(gc)
        .map(([name, { count, ms }]) => `${name}=${count}/${ms.toFixed(0)}`)
        .join(' ')}`,
      `heap used=${(getHeapStatistics().used_heap_size / MIB).toFixed(0)} old=${((old?.space_used_size ?? 0) / MIB).toFixed(0)}`,
    ].join(' ');
    appendFileSync(file, `${line}\n`);
  }, 1000).unref();
}
