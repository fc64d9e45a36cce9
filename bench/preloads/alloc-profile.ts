// Preload for the throughput bench's app and no-op processes (`BENCH_APP_NODE_OPTIONS="--import
// ./bench/preloads/alloc-profile.ts"`, `BENCH_NOOP_NODE_OPTIONS` likewise): V8's sampling heap profiler from the
// start (a sample per KiB allocated, on average), counting every sampled allocation, those the collector has
// freed included (what a scavenge costs is what was allocated and what survived), and when the bench ends the
// process (SIGTERM or SIGINT) it writes
// `<kind>-<pid>.heapprofile` in `$BENCH_ALLOC_PROFILE_DIR` (default /tmp/change-gate-alloc-profiles), then
// exits. The profile opens in Chrome's DevTools (Memory); `node bench/preloads/alloc-profile.ts <file>` prints
// the functions that allocated most, by bytes sampled.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { measuredKind, writeWhenEnded } from './measured-process.ts';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

const kind = measuredKind();

if (kind !== null) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  writeWhenEnded({
    dir: process.env.BENCH_ALLOC_PROFILE_DIR ?? '/tmp/change-gate-alloc-profiles',
    kind,
    extension: 'heapprofile',
    finish: (write) =>
      session.post('HeapProfiler.stopSampling', (error, result) =>
        write(error ? null : JSON.stringify(result.profile)),
      ),
  });
}

/** The `top` frames that allocated most in a written profile: self bytes and bytes with their callees. */
export function allocationTop(profile: { head: SamplingNode }, top = 40): string[] {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (node: SamplingNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  const walk = (node: SamplingNode, above: Set<string>): number => {
    const key = name(node);
    self.set(key, (self.get(key) ?? 0) + node.selfSize);
    const path = new Set(above).add(key);
    let sum = node.selfSize;
    for (const child of node.children) sum += walk(child, path);
    if (!above.has(key)) total.set(key, (total.get(key) ?? 0) + sum);
    return sum;
  };
  walk(profile.head, new Set());
  const lines = (figures: Map<string, number>) =>
    [...figures]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, bytes]) => `${(bytes / 2 ** 20).toFixed(1).padStart(8)} MiB  ${key}`);
  return ['self', ...lines(self), 'with callees', ...lines(total)];
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined) {
  console.log(allocationTop(JSON.parse(readFileSync(process.argv[2], 'utf8'))).join('\n'));
}
