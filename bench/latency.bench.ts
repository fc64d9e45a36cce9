// Webhook → check run written, with a fixed latency injected into every GitHub request: from the moment the
// simulator starts delivering `pull_request.opened` to the end of the app's first check-run write for it.
// Each sample starts after a second without any write by the app, so that GitHub's one-second spacing of
// writes (Probot's throttle) is not what is measured.
import { GITHUB_PACING } from '../sandbox/harness/app-process-env.ts';
import { startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../sandbox/seed-org.ts';
import { percentile } from './percentile.ts';

const REPO = 'acme/latency';
const CHECK_RUNS = /^\/repos\/acme\/latency\/check-runs(\/\d+)?$/;

export interface LatencyFigures {
  injectedMs: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  /** 4 round trips of `injectedMs` and 30 ms of the app's own work. */
  targetMs: number;
}

export const webhookToCheckBenchmark = async (options: {
  samples: number;
  injectedMs: number;
}): Promise<LatencyFigures> => {
  const e2e = await startSimulatorAndApp({
    logLevel: 'warn',
    env: GITHUB_PACING,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'latency' });
    },
  });
  const { sim } = e2e;
  try {
    await seedStatusLabels(sim, REPO);
    const lastWriteEnd = () =>
      sim.requestLog.reduce(
        (latest, request) =>
          request.auth !== 'user' && request.method !== 'GET' && request.api === 'rest'
            ? Math.max(latest, request.endedAt)
            : latest,
        0,
      );
    const quietSecond = async () => {
      const wait = lastWriteEnd() + 1_100 - (performance.timeOrigin + performance.now());
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    };
    sim.setLatency({ fixedMs: options.injectedMs });
    const latencies: number[] = [];
    // Sample 0 is a warm-up: the installation token is fetched once an hour, the code paths are cold.
    for (let sample = 0; sample <= options.samples; sample++) {
      await quietSecond();
      const mark = sim.mark();
      const pr = await sim.as('dana').openPullRequest({
        repo: REPO,
        title: `Tidy ${sample}`,
        body: 'Tidying up.',
        head: `tidy-${sample}`,
        files: { [`src/tidy-${sample}.ts`]: 'export {};\n' },
      });
      const delivery = sim.deliveries.find(
        (candidate) =>
          candidate.event === 'pull_request' &&
          candidate.action === 'opened' &&
          (candidate.payload as { number?: number }).number === pr.number,
      );
      const check = sim
        .requestsSince(mark)
        .find(
          (request) =>
            request.auth === 'installation' && request.method !== 'GET' && CHECK_RUNS.test(request.path),
        );
      if (!delivery || !check) throw new Error(`no check run was written for pull request #${pr.number}`);
      if (sample > 0) latencies.push(check.endedAt - delivery.startedAt);
    }
    sim.setLatency(undefined);
    sim.assertNoViolations();
    return {
      injectedMs: options.injectedMs,
      samples: latencies.length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      targetMs: 4 * options.injectedMs + 30,
    };
  } finally {
    await e2e.stop();
  }
};
