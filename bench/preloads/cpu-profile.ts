// Preload for the throughput bench's app and no-op processes (`BENCH_APP_NODE_OPTIONS="--import
// ./bench/preloads/cpu-profile.ts"` reaches the app's, `BENCH_NOOP_NODE_OPTIONS` the no-op's): samples the
// main thread's CPU (every 200 µs) from the start, and when the bench ends the process (SIGTERM or SIGINT) writes
// `<kind>-<pid>.cpuprofile` in `$BENCH_CPU_PROFILE_DIR` (default /tmp/change-gate-cpu-profiles), then exits.
// `node --cpu-prof` writes nothing there: Node's default SIGTERM ends the process without its exit work. The
// profile opens in Chrome's DevTools (Performance) or any `.cpuprofile` viewer; the profiler slows what it
// measures, so compare two profiles taken alike, never the run's figures. `node bench/preloads/cpu-profile.ts
// <file> [events]` prints where the main thread spent its time under load (busyUnderLoad), per package and, given
// the events the side answered during the load (events/s × seconds measured), per event.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { measuredKind, writeWhenEnded } from './measured-process.ts';

const kind = measuredKind();

if (kind !== null) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  writeWhenEnded({
    dir: process.env.BENCH_CPU_PROFILE_DIR ?? '/tmp/change-gate-cpu-profiles',
    kind,
    extension: 'cpuprofile',
    finish: (write) =>
      session.post('Profiler.stop', (error, result) => write(error ? null : JSON.stringify(result.profile))),
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Only 100 ms spans whose main thread was busy more than this share are counted: the load, not the pauses. */
const UNDER_LOAD = 0.85;
const SPAN_US = 100_000;

/**
 * A profile's main-thread time in the spans it was busy under load: each package's share (by the innermost
 * frame of a package on the stack; Node's own and native frames count for their caller) and the functions with
 * the most time of their own, in µs per event when `events` is given.
 */
export function busyUnderLoad(
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] },
  events?: number,
): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const spans = new Map<number, { busy: number; all: number }>();
  const samples: Array<{ span: number; id: number; us: number }> = [];
  let at = 0;
  profile.samples.forEach((id, index) => {
    const us = profile.timeDeltas[index] ?? 0;
    at += us;
    const span = Math.floor(at / SPAN_US);
    const figures = spans.get(span) ?? { busy: 0, all: 0 };
    figures.all += us;
    if (byId.get(id)?.callFrame.functionName !== '(idle)') figures.busy += us;
    spans.set(span, figures);
    samples.push({ span, id, us });
  });
  const loaded = new Set([...spans].filter(([, f]) => f.busy / f.all > UNDER_LOAD).map(([span]) => span));
  const packageOf = (node: ProfileNode): string | null => {
    const { url, functionName } = node.callFrame;
    const inModules = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
    if (inModules) return inModules[1] ?? null;
    if (url.includes('dist/app.js')) return 'the app (dist/app.js)';
    if (url === '' && functionName.startsWith('(')) return functionName;
    return null;
  };
  const name = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  const byPackage = new Map<string, number>();
  const own = new Map<string, number>();
  let total = 0;
  for (const { span, id, us } of samples) {
    if (!loaded.has(span)) continue;
    total += us;
    const node = byId.get(id);
    if (!node) continue;
    own.set(name(node), (own.get(name(node)) ?? 0) + us);
    let holder: string | null = null;
    for (let at: number | undefined = id; at !== undefined && holder === null; at = parent.get(at)) {
      const frame = byId.get(at);
      holder = frame ? packageOf(frame) : null;
    }
    const key = holder ?? "Node's own and native";
    byPackage.set(key, (byPackage.get(key) ?? 0) + us);
  }
  const top = (figures: Map<string, number>, count: number) =>
    [...figures].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    `under load: ${(total / 1e3).toFixed(0)} ms of main thread in ${loaded.size} spans of ${SPAN_US / 1e3} ms`,
    'by package',
    ...top(byPackage, 20).map(([key, us]) => `${((100 * us) / total).toFixed(1).padStart(6)}%  ${key}`),
    events ? `own time, µs per event (${events} events)` : 'own time, ms',
    ...top(own, 25).map(([key, us]) => `${(events ? us / events : us / 1e3).toFixed(1).padStart(9)}  ${key}`),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined) {
  const events = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  console.log(busyUnderLoad(JSON.parse(readFileSync(process.argv[2], 'utf8')), events).join('\n'));
}
