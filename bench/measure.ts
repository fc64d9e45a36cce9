import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  runs: number;
  /** Median, 95th percentile and mean milliseconds per run. */
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  /** Heap growth across the runs, in MiB (after a GC when exposed). */
  heapMiB: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Runs `work` until `minMs` elapsed (at least `minRuns` times) after a warm-up, and reports timings. */
export const measure = async (options: {
  name: string;
  work: () => unknown | Promise<unknown>;
  minRuns?: number;
  minMs?: number;
  warmup?: number;
}): Promise<Measurement> => {
  for (let i = 0; i < (options.warmup ?? 5); i++) await options.work();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  const started = performance.now();
  while (times.length < (options.minRuns ?? 20) || performance.now() - started < (options.minMs ?? 500)) {
    const t0 = performance.now();
    await options.work();
    times.push(performance.now() - t0);
  }
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    name: options.name,
    runs: times.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    meanMs: times.reduce((sum, time) => sum + time, 0) / times.length,
    heapMiB: (heapAfter - heapBefore) / 2 ** 20,
  };
};

export const printTable = (title: string, rows: Measurement[]): void => {
  console.log(`\n${title}`);
  console.log('| benchmark | runs | median ms | p95 ms | mean ms | heap Δ MiB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.runs} | ${row.medianMs.toFixed(3)} | ${row.p95Ms.toFixed(3)} | ${row.meanMs.toFixed(3)} | ${row.heapMiB.toFixed(1)} |`,
    );
  }
};
