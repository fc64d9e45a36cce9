import { describe, expect, test } from 'vitest';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { parseExposition } from '../support/prometheus-exposition.ts';
import { changeScenario } from './support/change-scenario.ts';
import { quiesce } from './support/quiesce.ts';
import { useE2E } from './support/use-e2e.ts';

const REPOS = ['calm-1', 'calm-2', 'stormy-1', 'stormy-2', 'logged'];
const APPROVERS = ['sam', 'lee', 'erin', 'carl'];

describe('GitHub failing 20% of the time (real app process, simulated GitHub)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of REPOS) seedRepo(sim, { org: 'acme', name });
    },
  });

  const metrics = async () => parseExposition(await (await fetch(`${e2e.appUrl}/metrics`)).text());
  const sum = (
    samples: Awaited<ReturnType<typeof metrics>>,
    name: string,
    labels: Record<string, string> = {},
  ) =>
    samples
      .filter(
        (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
      )
      .reduce((total, s) => total + s.value, 0);

  /** Opens a change, then four approvals: what GitHub shows at the end, and every bot write. */
  const runLifecycle = async (repo: string) => {
    const change = await changeScenario(e2e, `acme/${repo}`).open();
    await quiesce(e2e);
    // Under faults the "submitted" entry may be written by the event's retry, after open() returned: approvals
    // come in a later second than that recording, as a person's would (an approval stamped with the second the
    // change request was recorded in counts as given before it: fail closed, and the check says so).
    await nextGitHubSecond();
    for (const login of APPROVERS) {
      await change.approve(login);
      await quiesce(e2e);
    }
    const botComments = e2e.sim.read
      .comments({ repo: `acme/${repo}`, number: change.number })
      .filter((comment) => comment.user?.login === 'change-gate[bot]');
    const runs = e2e.sim.read
      .checkRuns({ repo: `acme/${repo}`, ref: change.headSha })
      .filter((run) => run.name === 'Change Gate');
    return {
      conclusion: change.check()?.conclusion,
      title: change.check()?.output.title,
      labels: change.labels(),
      history: change.history(),
      botComments: botComments.length,
      /** What each of our runs on the head ended showing: a run created twice for one state shows twice. */
      runTitles: runs.map((run) => run.output.title),
    };
  };

  /**
   * A stormy lifecycle ends as the calm one, with nothing written twice. Its runs may be fewer: when the opened
   * event's check write fails, the labeled event writes the change's run before the retry could write the
   * "not a change request" one, which the retry then finds superseded (nothing to write).
   */
  const expectSameEnd = (stormy: Awaited<ReturnType<typeof runLifecycle>>, calm: typeof stormy) => {
    const { runTitles, ...rest } = stormy;
    const { runTitles: calmTitles, ...calmRest } = calm;
    expect(rest).toEqual(calmRest);
    expect(new Set(runTitles).size, `runs: ${runTitles.join(' | ')}`).toBe(runTitles.length);
    expect(runTitles.at(-1)).toBe(calmTitles.at(-1));
    expect(runTitles.every((title) => calmTitles.includes(title))).toBe(true);
  };

  test('every event is applied: the same checks, labels and history as without faults, nothing written twice', {
    timeout: 600_000,
  }, async () => {
    const calm = [await runLifecycle('calm-1'), await runLifecycle('calm-2')] as const;
    expect(calm[0]).toMatchObject({
      conclusion: 'success',
      labels: ['change:approved'],
      history: ['submitted', 'approved'],
    });
    expect(calm[1]).toEqual(calm[0]);
    expect(new Set(calm[0].runTitles).size).toBe(calm[0].runTitles.length);

    const before = await metrics();
    // One fault that surely reaches the app's client: a history comment's POST is never resent blindly.
    e2e.sim.faults.add({
      route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      times: 1,
      status: 502,
    });
    e2e.sim.faults.add({ probability: 0.1, status: 502 });
    e2e.sim.faults.add({
      route: /^(POST|PATCH|PUT) /,
      kind: 'error-after-write',
      probability: 0.05,
      status: 502,
    });
    e2e.sim.faults.add({ probability: 0.05, kind: 'secondary-rate-limit', retryAfterSeconds: 1 });
    try {
      for (const repo of ['stormy-1', 'stormy-2']) expectSameEnd(await runLifecycle(repo), calm[0]);
    } finally {
      e2e.sim.faults.clear();
    }

    const faulted = e2e.sim.requestLog.filter((entry) => entry.fault);
    expect(faulted.length).toBeGreaterThan(0);
    expect(faulted.some((entry) => entry.fault === 'error 502 after write')).toBe(true);
    const after = await metrics();
    // Failures were seen and answered: some GitHub calls failed, and no event was given up on.
    const failedCalls = (samples: typeof after) =>
      samples
        .filter(
          (s) =>
            s.name === 'change_gate_github_requests_total' && /^(5\d\d|403|0)$/.test(s.labels.status ?? ''),
        )
        .reduce((t, s) => t + s.value, 0);
    expect(failedCalls(after)).toBeGreaterThan(failedCalls(before));
    expect(sum(after, 'change_gate_events_total', { outcome: 'failed' })).toBe(0);
  });

  test('/metrics, /healthz and /readyz answer in their formats after events', async () => {
    // A handler that outlived GitHub's wait was answered 202 ("still processing") and is counted when it ends.
    let samples = await metrics();
    for (let round = 0; round < 240; round++) {
      if (sum(samples, 'change_gate_events_total', { event: 'pull_request_review.submitted' }) >= 16) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      samples = await metrics();
    }
    expect(
      sum(samples, 'change_gate_events_total', { event: 'pull_request_review.submitted' }),
    ).toBeGreaterThanOrEqual(16);
    expect(sum(samples, 'change_gate_evaluations_total', { status: 'approved' })).toBeGreaterThanOrEqual(4);
    expect(
      sum(samples, 'change_gate_github_requests_total', { method: 'POST', route: '/graphql', status: '200' }),
    ).toBeGreaterThan(0);
    expect(sum(samples, 'change_gate_github_request_duration_seconds_count')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'change_gate_github_rate_limit_remaining')).toBe(true);
    // Route templates, never filled-in paths: label values stay bounded.
    const routes = samples
      .filter((s) => s.name === 'change_gate_github_requests_total')
      .map((s) => s.labels.route ?? '');
    expect(routes.every((route) => !/acme|\/\d+(\/|$)/.test(route))).toBe(true);

    const health = await fetch(`${e2e.appUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${e2e.appUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: [{ name: 'history-keys', ok: true }] });
  });

  test('log lines of a webhook carry its delivery id and the change', async () => {
    const offset = e2e.process.logOffset();
    const change = await changeScenario(e2e, 'acme/logged').open();
    const deliveries = new Set(e2e.sim.deliveries.map((delivery) => delivery.id));
    // Probot's pretty logs: a record is a line, then its fields indented below it.
    const records = e2e.process.logsSince(offset).split(/\n(?=\S)/);
    const aboutChange = records.filter((record) => record.includes(`acme/logged#${change.number}`));
    expect(aboutChange.length).toBeGreaterThan(0);
    for (const record of aboutChange) {
      const delivery = /delivery: "([^"]+)"/.exec(record)?.[1];
      expect(delivery && deliveries.has(delivery), record).toBe(true);
    }
  });
});
