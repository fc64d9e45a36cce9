import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createGitHubSimulator,
  type GitHubSimulator,
  type SeededApp,
} from '../../sandbox/github-sim/index.ts';
import { readAppManifest } from '../../sandbox/harness/read-app-manifest.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { createMovedClock } from './support/moved-clock.ts';

const DAY = 24 * 3_600_000;
const MANIFEST = fileURLToPath(new URL('../../app.yml', import.meta.url));

/**
 * A team without a long-running app process: webhooks reach nobody, and a scheduled workflow runs the
 * bundled action's `command: sweep` with the app's installation token and key.
 */
describe('the sweep from a scheduled workflow (the bundled action, no app process)', () => {
  const clock = createMovedClock();
  let sim: GitHubSimulator;
  let app: SeededApp;
  let token = '';

  beforeAll(async () => {
    sim = createGitHubSimulator({ openapi: true, now: clock.now });
    await sim.start();
    const manifest = readAppManifest(MANIFEST);
    app = sim.registerApp({
      slug: 'change-gate',
      name: 'Change Gate',
      permissions: manifest.permissions,
      events: manifest.events,
    });
    sim.createOrg({ login: 'acme' });
    seedPeople(sim, 'acme');
    seedRepo(sim, { org: 'acme', name: 'web' });
    const installation = sim.installApp({ app: app.id, account: 'acme' });
    token = sim.createInstallationToken({ installationId: installation.id });
  });
  afterAll(async () => {
    await sim?.stop();
    clock.remove();
  });

  const runSweep = () =>
    runAction({
      apiUrl: sim.apiUrl,
      token,
      repository: 'acme/web',
      sha: 'a'.repeat(40),
      inputs: { command: 'sweep', 'app-id': String(app.id), 'private-key': app.privateKeyPem },
      env: { CHANGE_GATE_CLOCK_FILE: clock.file },
    });
  const comments = (number: number) => sim.read.comments({ repo: 'acme/web', number });

  test('evaluates a change nobody was told about, escalates it once per period, and costs one search when nothing is due', async () => {
    const pr = await sim.as('dana').openPullRequest({
      repo: 'acme/web',
      title: 'Implement MFA for Admin Access',
      body: SEED_PR_BODY,
      head: 'mfa',
      files: { 'src/mfa.ts': 'export const mfa = true;\n' },
    });
    await sim.as('dana').addLabels({ repo: 'acme/web', number: pr.number, labels: ['change'] });
    expect(sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha })).toEqual([]);

    const first = await runSweep();
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.reconciled).toBe('1');
    const run = sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha }).at(-1);
    expect(run?.app?.id).toBe(app.id);
    expect(run?.output.title).toMatch(/^Pending approval/);
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:pending-approval');
    // The submitted entry (and the task-list comment), written by the app's bot.
    expect(comments(pr.number).every((comment) => comment.user?.login === 'change-gate[bot]')).toBe(true);
    expect(comments(pr.number).filter((comment) => comment.body?.includes(' submitted by '))).toHaveLength(1);

    const mark = sim.mark();
    const idle = await runSweep();
    expect(idle.outputs.reconciled).toBe('0');
    expect(
      sim.requestsSince(mark).map((entry) => entry.graphqlOperationName ?? `${entry.method} ${entry.path}`),
    ).toEqual(['OpenChanges']);

    clock.move(DAY + 60_000);
    expect((await runSweep()).outputs.reconciled).toBe('1');
    expect((await runSweep()).outputs.reconciled).toBe('0');
    const escalated = comments(pr.number).filter((comment) => comment.body?.includes('escalated (period 1)'));
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.body).toContain('to @acme/change-manager');
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:overdue');
    sim.assertNoViolations();
  }, 120_000);
});
