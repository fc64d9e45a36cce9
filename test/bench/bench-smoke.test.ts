import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PINNED_NODE = `${ROOT}node_modules/.bin/node`;
const run = promisify(execFile);

/** The rows of the markdown table printed under the line `title`, split into cells. */
const tableAfter = (output: string, title: string): string[][] => {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith(title));
  if (start < 0) return [];
  const rows: string[][] = [];
  // Title, header, separator, then rows until the first line that is not one.
  for (const line of lines.slice(start + 3)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
};

const FIGURES = [
  'webhook → check run p50 (50 ms per GitHub request)',
  'webhook → check run p99 (50 ms per GitHub request)',
  'events/s, one process, ratio to a no-op Probot app',
  'events/s, 2 replicas on Redis, ratio to a no-op Probot app',
  'last approval → waiting deploy released',
  "action start-to-decision, ratio to `node -e ''` (empty compile cache)",
  'report API calls per 1,000 changes',
  'peak RSS of the app process under sustained load, 2 in flight',
  'peak RSS of the app process under sustained load, 8 in flight',
];

// A smoke check only: every figure of issue 16 is printed, with a number, its target and a verdict. No value
// is compared with its target here: timings on a shared CI machine say nothing.
test('npm run bench, tiny (BENCH_SMOKE=1): prints the machine and every figure with its target', async () => {
  const { stdout } = await run(existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath, ['bench/run.ts'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_SMOKE: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 420_000,
  });
  expect(stdout).toMatch(/^CPU: .+, \d+ cores; RAM: [\d.]+ GiB; Node v24\.\d+\.\d+, /m);

  const figures = tableAfter(stdout, 'Issue 16 figures');
  expect(figures.map(([name]) => name)).toEqual(FIGURES);
  for (const [name = '', value = '', target = '', met = ''] of figures) {
    expect(value, name).toMatch(/^\d+(\.\d+)?( ms| MiB)?$/);
    expect(Number.parseFloat(value), name).toBeGreaterThan(0);
    expect(target, name).toMatch(/^[≤≥] \d+(\.\d+)?( ms| MiB)?$/);
    expect(met, name).toMatch(/^(yes|no)$/);
  }

  // Every replayed webhook was answered 2xx, by the app and by the no-op app alike.
  const throughput = tableAfter(stdout, 'Events per second on the same');
  // The one process with 8 in flight (its capacity, the figure) and, loaded first, with 2; the replicas with 8.
  expect(throughput.map(([replicas, inFlight]) => [replicas, inFlight])).toEqual([
    ['1', '8'],
    ['1', '2'],
    ['2 on Redis', '8'],
  ]);
  for (const row of throughput) expect(row.at(-1)).toBe('0 / 0');
  // The CPU each side's processes used per event (app / no-op), read from /proc during the load.
  for (const row of throughput) expect(row.at(-4)).toMatch(/^\d+\.\d{3} \/ \d+\.\d{3}$/);
  // Redis commands per event (script calls in brackets), read from the bench's redis-server: replicas only.
  expect(throughput.map((row) => row.at(-2))).toEqual([
    '–',
    '–',
    expect.stringMatching(/^\d+\.\d{2} \(\d+\.\d{2}\)$/),
  ]);
  expect(Number.parseFloat(throughput[2]?.at(-2) ?? '')).toBeGreaterThan(0);
  expect(stdout).toMatch(/^Redis per event, 2 replicas: \d+\.\d{2} socket reads/m);
  // App and no-op loaded in turns: each round's ratio, for each replica count.
  expect(stdout).toMatch(/^Ratio by round, one process, 8 in flight: \d+\.\d{3}, \d+\.\d{3}$/m);
  expect(stdout).toMatch(/^Ratio by round, one process, 2 in flight: \d+\.\d{3}, \d+\.\d{3}$/m);
  expect(stdout).toMatch(/^Ratio by round, 2 replicas, 8 in flight: \d+\.\d{3}, \d+\.\d{3}$/m);
}, 480_000);
