// The action's start-to-decision time as a ratio to a bare `node -e ''`: the committed bundle
// (action/dist/index.js) run as the runner runs it (sandbox/harness/run-action.ts), `command: gate`, on an
// approved and merged change, against the simulator; the two alternate run by run, medians compared.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { actionsToken } from '../sandbox/harness/actions-token.ts';
import { runAction } from '../sandbox/harness/run-action.ts';
import { startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../sandbox/seed-org.ts';
import { changeScenario, LOW_PRIORITY_BODY } from '../test/e2e/support/change-scenario.ts';
import { median } from './percentile.ts';

const REPO = 'acme/deploys';
const run = promisify(execFile);

export interface ActionFigures {
  runs: number;
  actionMedianMs: number;
  nodeMedianMs: number;
  ratio: number;
}

export const actionBenchmark = async (options: { runs: number }): Promise<ActionFigures> => {
  let token = '';
  const e2e = await startSimulatorAndApp({
    logLevel: 'warn',
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
    const nodeMs: number[] = [];
    for (let index = 0; index <= options.runs; index++) {
      const started = performance.now();
      // A new environment each run: no earlier deployment there, so every run reads and decides the same.
      const result = await runAction({
        apiUrl: sim.apiUrl,
        token,
        repository: REPO,
        sha,
        inputs: { command: 'gate', environment: `bench-${index}` },
      });
      const elapsed = performance.now() - started;
      if (result.code !== 0 || result.outputs.status !== 'approved') {
        throw new Error(`the gate did not allow the approved change:\n${result.stdout}`);
      }
      const bare = performance.now();
      await run(process.execPath, ['-e', '']);
      // Run 0 warms the file cache for both.
      if (index > 0) {
        actionMs.push(elapsed);
        nodeMs.push(performance.now() - bare);
      }
    }
    const actionMedianMs = median(actionMs);
    const nodeMedianMs = median(nodeMs);
    return { runs: actionMs.length, actionMedianMs, nodeMedianMs, ratio: actionMedianMs / nodeMedianMs };
  } finally {
    await e2e.stop();
  }
};
