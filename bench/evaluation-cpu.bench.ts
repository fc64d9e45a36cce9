// The app's CPU for one evaluation of a settled change, against the simulator: `node bench/evaluation-cpu.bench.ts
// [evaluations]`. A change is taken through open → change label → approval; then its approval's webhook is sent
// again and again (a fresh delivery id each time), one at a time, so that each leads an evaluation of its own
// that reads the change and finds nothing to write; and, as the baseline, a webhook the app acts on without
// evaluating (the app's own check run) as often. Prints the app process's CPU (user + system, /proc) per
// webhook of each kind and their difference: what one evaluation costs the app, GitHub's side (the simulator,
// in this process) not included. The app process may be profiled like the throughput bench's
// (`BENCH_APP_NODE_OPTIONS="--import ./bench/preloads/cpu-profile.ts"`). Asserts nothing.

import { GITHUB_PACING } from '../sandbox/harness/app-process-env.ts';
import { startSimulatorAndApp } from '../sandbox/harness/start-simulator-and-app.ts';
import { seedPeople, seedRepo, seedStatusLabels } from '../sandbox/seed-org.ts';
import { LOW_PRIORITY_BLOCK } from '../test/support/change-bodies.ts';
import { groupPids, processCpuSeconds } from './process-peak-rss.ts';
import { type SignedWebhook, sendSignedWebhooks } from './send-signed-webhooks.ts';

const evaluations = Number(process.argv[2] ?? 300);
if (!Number.isInteger(evaluations) || evaluations < 1) {
  console.error(`usage: node bench/evaluation-cpu.bench.ts [evaluations: a whole number, default 300]`);
  process.exit(2);
}
const REPO = 'acme/bench';
const appOptions = process.env.BENCH_APP_NODE_OPTIONS;

const e2e = await startSimulatorAndApp({
  simulator: { openapi: false },
  logLevel: 'info',
  env: { LOG_FORMAT: 'json', ...GITHUB_PACING, ...(appOptions ? { NODE_OPTIONS: appOptions } : {}) },
  seed: (sim) => {
    seedPeople(sim, 'acme');
    seedRepo(sim, { org: 'acme', name: 'bench' });
  },
});
try {
  const { sim } = e2e;
  await seedStatusLabels(sim, REPO);
  const pr = await sim.as('dana').openPullRequest({
    repo: REPO,
    title: 'Fix',
    body: `A small fix.\n\n${LOW_PRIORITY_BLOCK}`,
    head: 'fix',
    files: { 'src/fix.ts': 'export {};\n' },
  });
  await sim.as('dana').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
  await sim.as('carl').review({ repo: REPO, number: pr.number, event: 'APPROVE', body: 'Approved.' });
  await sim.settle();
  sim.assertDeliveriesSucceeded();
  const find = (event: string, test: (body: Record<string, unknown>) => boolean): SignedWebhook => {
    const found = sim.deliveries.find(
      (delivery) => delivery.headers['x-github-event'] === event && test(JSON.parse(delivery.body)),
    );
    if (!found) throw new Error(`no ${event} webhook was recorded`);
    return { headers: found.headers, body: found.body };
  };
  const approval = find('pull_request_review', (body) => body.action === 'submitted');
  const ownCheck = find('check_run', () => true);
  sim.dropWebhooks(true);
  const cpuOfApp = () =>
    groupPids(e2e.process.pid).reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
  /** The app's CPU ms per webhook, sent `count` times one after the other. */
  const measure = async (webhook: SignedWebhook, count: number) => {
    const before = cpuOfApp();
    const mark = sim.mark();
    const sent = await sendSignedWebhooks({
      urls: [e2e.webhookUrl],
      webhooks: [webhook],
      concurrency: 1,
      count,
    });
    if (sent.failed > 0) throw new Error(`${sent.failed} deliveries failed: ${sent.failures.join('; ')}`);
    // An evaluation may go on after its delivery was answered: wait until the app is quiet.
    await sim.settle();
    const calls = sim.requestsSince(mark).filter((request) => request.auth === 'installation').length;
    return { cpuMs: ((cpuOfApp() - before) * 1000) / count, callsPerWebhook: calls / count };
  };
  await measure(approval, 50); // warm-up: JIT, installation token
  await measure(ownCheck, 50);
  const rows: Array<[string, { cpuMs: number; callsPerWebhook: number }]> = [];
  for (let round = 0; round < 2; round++) {
    rows.push(['approval (an evaluation each)', await measure(approval, evaluations)]);
    rows.push(["the app's own check run (no evaluation)", await measure(ownCheck, evaluations)]);
  }
  console.log(`App CPU per webhook, ${evaluations} sent one at a time, twice each, alternating`);
  console.log('| webhook | app CPU ms per webhook | GitHub calls per webhook |');
  console.log('| --- | ---: | ---: |');
  for (const [name, row] of rows)
    console.log(`| ${name} | ${row.cpuMs.toFixed(3)} | ${row.callsPerWebhook.toFixed(2)} |`);
  const mean = (name: string) => {
    const picked = rows.filter(([each]) => each === name).map(([, row]) => row.cpuMs);
    return picked.reduce((sum, each) => sum + each, 0) / picked.length;
  };
  const [evaluated, plain] = [mean(rows[0]?.[0] ?? ''), mean(rows[1]?.[0] ?? '')];
  console.log(`One evaluation: ${(evaluated - plain).toFixed(3)} ms of the app's CPU`);
} finally {
  await e2e.stop();
}
