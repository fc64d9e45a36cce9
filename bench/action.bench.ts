// The action's start-to-decision time as a ratio to a bare `node -e ''`: the committed bundle
// (action/dist/index.js) run as the runner runs it (sandbox/harness/run-action.ts), `command: gate`, on an
// approved and merged change, against the simulator; the two alternate run by run, medians compared. The
// headline runs with an empty compile cache (a GitHub-hosted runner's fresh machine); a third run each time,
// with the compile cache the runs before it left (a self-hosted runner's tool cache), is printed beside it.
// Alone: `npm run bench:action` (`-- --runs 15`, `-- --entry <other build's index.js>` to compare builds,
// `-- --requests` to print each run's requests, `-- --cpu-prof <dir>` to profile each run with `node --cpu-prof`, `-- --cpu-prof-interval <µs>` its sampling,
// `-- --cpu` to print each side's CPU time too: less disturbed than wall time by other work on the machine;
// `-- --against <other build's index.js>` to run that build beside each cold run and print the differences pair
// by pair).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { actionsToken } from '../sandbox/harness/actions-token.ts';
import { GITHUB_PACING } from '../sandbox/harness/app-process-env.ts';
import { runAction } from '../sandbox/harness/run-action.ts';
import { startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../test/e2e/support/change-scenario.ts';
import { type ActionBreakdown, type ActionFigures, describeActionFigures } from './action-figures.ts';
import { median } from './percentile.ts';

const REPO = 'acme/deploys';
const run = promisify(execFile);

export const actionBenchmark = async (options: {
  runs: number;
  entry?: string;
  /** Print each run's requests: method, path (GraphQL: the operation), start and end since the run's start. */
  printRequests?: boolean;
  /** Write a CPU profile of each run here (`node --cpu-prof`; the profiler slows the run it measures). */
  cpuProfDir?: string;
  /** The profiler's sampling interval in microseconds (default 100; longer disturbs the run less). */
  cpuProfIntervalUs?: number;
  /**
   * Also measure each cold run's and each bare `node -e ''`'s CPU time (a `--require`d probe writes
   * `process.cpuUsage()` at the `exit` event; loaded on both sides).
   */
  cpu?: boolean;
  /**
   * Another build's `index.js` to compare with: a cold run of it beside each cold run of `entry` (CPU measured on
   * both): builds compared in pairs, which a busy machine disturbs far less than two separate benches.
   */
  against?: string;
}): Promise<ActionFigures> => {
  const measureCpu = options.cpu === true || options.against !== undefined;
  let token = '';
  const e2e = await startSimulatorAndApp({
    // The simulator's check of every request and answer against GitHub's OpenAPI description runs on the same
    // cores as the action and is not GitHub's time: off, as in the throughput bench.
    simulator: { openapi: false },
    logLevel: 'warn',
    env: GITHUB_PACING,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'deploys' });
      token = actionsToken(sim, 'acme');
    },
  });
  const { sim } = e2e;
  try {
    await seedStatusLabels(sim, REPO);
    const change = await changeScenario(e2e, REPO).open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    await sim.as('dana').mergePullRequest({ repo: REPO, number: change.number });
    await sim.settle();
    const sha = sim.read.branchSha({ repo: REPO, branch: 'main' }) ?? '';
    // The app is not what is measured: it stops, and the deployments the runs record send no webhook.
    await e2e.process.stop();
    sim.dropWebhooks(true);
    const actionMs: number[] = [];
    const warmMs: number[] = [];
    const nodeMs: number[] = [];
    const parts: ActionBreakdown[] = [];
    // A self-hosted runner's tool cache, kept between its jobs: run 0 fills it.
    const toolCache = mkdtempSync(join(tmpdir(), 'change-gate-bench-tool-cache-'));
    // The CPU probe: `process.cpuUsage()` at the `exit` event, written where CHANGE_GATE_BENCH_CPU_FILE says.
    const probeDir = mkdtempSync(join(tmpdir(), 'change-gate-bench-cpu-'));
    const probe = join(probeDir, 'cpu-probe.cjs');
    const cpuFile = join(probeDir, 'cpu.txt');
    writeFileSync(
      probe,
      "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.CHANGE_GATE_BENCH_CPU_FILE, String((u.user + u.system) / 1000)); });\n",
    );
    const cpuEnv = measureCpu ? { CHANGE_GATE_BENCH_CPU_FILE: cpuFile } : {};
    const readCpu = (): number => {
      const ms = Number(readFileSync(cpuFile, 'utf8'));
      rmSync(cpuFile, { force: true });
      return ms;
    };
    const nodeOptions = [
      ...(measureCpu ? [`--require ${probe}`] : []),
      ...(options.cpuProfDir
        ? [
            `--cpu-prof --cpu-prof-dir=${options.cpuProfDir} --cpu-prof-interval=${options.cpuProfIntervalUs ?? 100}`,
          ]
        : []),
    ].join(' ');
    const actionCpuMs: number[] = [];
    const nodeCpuMs: number[] = [];
    const againstMs: number[] = [];
    const againstCpuMs: number[] = [];
    const gate = (environment: string, env: Record<string, string>, entry = options.entry) =>
      runAction({
        apiUrl: sim.apiUrl,
        token,
        repository: REPO,
        sha,
        inputs: { command: 'gate', environment },
        ...(entry ? { entry } : {}),
        env: { ...env, ...cpuEnv, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
      });
    /** A cold run of the other build: its time and CPU. */
    const againstRun = async (index: number): Promise<[number, number]> => {
      const started = performance.now();
      const result = await gate(`bench-against-${index}`, {}, options.against);
      const elapsed = performance.now() - started;
      if (result.code !== 0 || result.outputs.status !== 'approved') {
        throw new Error(`the other build's gate did not allow the approved change:\n${result.stdout}`);
      }
      return [elapsed, readCpu()];
    };
    for (let index = 0; index <= options.runs; index++) {
      // The other build first in every other run, so that neither side always follows the bare node.
      const againstFirst = options.against !== undefined && index % 2 === 1 ? await againstRun(index) : null;
      const mark = sim.mark();
      // The request log's clock: milliseconds since the epoch.
      const startedAt = performance.timeOrigin + performance.now();
      const started = performance.now();
      // A new environment each run: no earlier deployment there, so every run reads and decides the same.
      // Cold: the harness gives each run an empty tool cache (a GitHub-hosted runner's fresh machine).
      const result = await gate(`bench-${index}`, {});
      const elapsed = performance.now() - started;
      const actionCpu = measureCpu ? readCpu() : 0;
      const endedAt = startedAt + elapsed;
      if (result.code !== 0 || result.outputs.status !== 'approved') {
        throw new Error(`the gate did not allow the approved change:\n${result.stdout}`);
      }
      const requests = sim.requestsSince(mark);
      if (options.printRequests) {
        for (const entry of requests) {
          const what = entry.graphqlOperationName ? `GraphQL ${entry.graphqlOperationName}` : entry.path;
          console.log(
            `run ${index}: ${entry.method} ${what} ${(entry.startedAt - startedAt).toFixed(1)} → ${(entry.endedAt - startedAt).toFixed(1)} ms`,
          );
        }
        console.log(`run ${index}: exit ${elapsed.toFixed(1)} ms`);
      }
      const againstFigures = againstFirst ?? (options.against !== undefined ? await againstRun(index) : null);
      const bare = performance.now();
      await run(process.execPath, measureCpu ? ['--require', probe, '-e', ''] : ['-e', ''], {
        env: { ...process.env, ...cpuEnv },
      });
      const bareMs = performance.now() - bare;
      const bareCpu = measureCpu ? readCpu() : 0;
      const warmStarted = performance.now();
      const warm = await gate(`bench-warm-${index}`, {
        RUNNER_ENVIRONMENT: 'self-hosted',
        RUNNER_TOOL_CACHE: toolCache,
      });
      const warmElapsed = performance.now() - warmStarted;
      if (measureCpu) readCpu();
      if (warm.code !== 0 || warm.outputs.status !== 'approved') {
        throw new Error(`the gate (warm compile cache) did not allow the approved change:\n${warm.stdout}`);
      }
      // Run 0 warms the file cache for all, and fills the tool cache.
      if (index > 0 && requests.length > 0) {
        actionMs.push(elapsed);
        warmMs.push(warmElapsed);
        nodeMs.push(bareMs);
        actionCpuMs.push(actionCpu);
        nodeCpuMs.push(bareCpu);
        if (againstFigures) {
          againstMs.push(againstFigures[0]);
          againstCpuMs.push(againstFigures[1]);
        }
        const first = Math.min(...requests.map((entry) => entry.startedAt));
        const last = Math.max(...requests.map((entry) => entry.endedAt));
        parts.push({
          startMs: first - startedAt,
          requestsMs: last - first,
          endMs: endedAt - last,
          requests: requests.length,
          writes: requests.filter((entry) => entry.method !== 'GET').length,
          sequential: sim.sequentialRoundTrips(requests),
        });
      }
    }
    rmSync(toolCache, { recursive: true, force: true });
    rmSync(probeDir, { recursive: true, force: true });
    const actionMedianMs = median(actionMs);
    const nodeMedianMs = median(nodeMs);
    const warmMedianMs = median(warmMs);
    const of = (part: keyof ActionBreakdown) => median(parts.map((figures) => figures[part]));
    return {
      runs: actionMs.length,
      actionMedianMs,
      nodeMedianMs,
      ratio: actionMedianMs / nodeMedianMs,
      warmMedianMs,
      warmRatio: warmMedianMs / nodeMedianMs,
      breakdown: {
        startMs: of('startMs'),
        requestsMs: of('requestsMs'),
        endMs: of('endMs'),
        requests: of('requests'),
        writes: of('writes'),
        sequential: of('sequential'),
      },
      ...(options.cpu
        ? {
            cpu: {
              actionMs: median(actionCpuMs),
              nodeMs: median(nodeCpuMs),
              ratio: median(actionCpuMs) / median(nodeCpuMs),
            },
          }
        : {}),
      ...(options.against !== undefined
        ? {
            against: {
              entry: options.against,
              actionMedianMs: median(againstMs),
              cpuMedianMs: median(againstCpuMs),
              pairedWallDiffMs: median(actionMs.map((ms, index) => ms - (againstMs[index] ?? 0))),
              pairedCpuDiffMs: median(actionCpuMs.map((ms, index) => ms - (againstCpuMs[index] ?? 0))),
              cpuLower: actionCpuMs.filter((ms, index) => ms < (againstCpuMs[index] ?? 0)).length,
            },
          }
        : {}),
    };
  } finally {
    await e2e.stop();
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      entry: { type: 'string' },
      requests: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      'cpu-prof-interval': { type: 'string', default: '100' },
      cpu: { type: 'boolean', default: false },
      against: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: a whole number ≥ 1`);
  const figures = await actionBenchmark({
    runs,
    ...(values.entry ? { entry: resolve(values.entry) } : {}),
    printRequests: values.requests,
    ...(values['cpu-prof'] ? { cpuProfDir: resolve(values['cpu-prof']) } : {}),
    cpuProfIntervalUs: Number(values['cpu-prof-interval']),
    cpu: values.cpu,
    ...(values.against ? { against: resolve(values.against) } : {}),
  });
  console.log(`${values.entry ? `${values.entry}: ` : ''}${describeActionFigures(figures)}`);
}
