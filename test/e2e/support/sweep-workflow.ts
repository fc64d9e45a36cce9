import { fileURLToPath } from 'node:url';
import {
  createGitHubSimulator,
  type GitHubSimulator,
  type SeededApp,
} from '../../../sandbox/github-sim/index.ts';
import { readAppManifest } from '../../../sandbox/harness/read-app-manifest.ts';
import { runAction } from '../../../sandbox/harness/run-action.ts';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../../sandbox/seed-org.ts';
import type { createMovedClock } from './moved-clock.ts';

const MANIFEST = fileURLToPath(new URL('../../../app.yml', import.meta.url));
const REPO = 'acme/web';

export interface SweepWorkflow {
  sim: GitHubSimulator;
  app: SeededApp;
  /** Runs the action's `command: sweep` as a scheduled workflow would (`entry`: another build of the bundle). */
  runSweep(): ReturnType<typeof runAction>;
  /** Opens the seed's change request in acme/web as dana (on branch `head`) and labels it a change. */
  openChange(options?: { title?: string; head?: string }): Promise<{ number: number; headSha: string }>;
  comments(number: number): ReturnType<GitHubSimulator['read']['comments']>;
}

/**
 * A team without a long-running app process: the simulator with Change Gate installed on acme (acme/web
 * seeded), whose scheduled workflow runs the bundled action's sweep with the app's installation token and key,
 * on `clock`'s time.
 */
export const startSweepWorkflow = async (options: {
  clock: ReturnType<typeof createMovedClock>;
  entry?: string;
}): Promise<SweepWorkflow> => {
  const { clock } = options;
  const sim = createGitHubSimulator({ openapi: true, now: clock.now });
  await sim.start();
  const manifest = readAppManifest(MANIFEST);
  const app = sim.registerApp({
    slug: 'change-gate',
    name: 'Change Gate',
    permissions: manifest.permissions,
    events: manifest.events,
  });
  sim.createOrg({ login: 'acme' });
  seedPeople(sim, 'acme');
  seedRepo(sim, { org: 'acme', name: 'web' });
  const installation = sim.installApp({ app: app.id, account: 'acme' });
  const token = sim.createInstallationToken({ installationId: installation.id });
  return {
    sim,
    app,
    runSweep: () =>
      runAction({
        ...(options.entry ? { entry: options.entry } : {}),
        apiUrl: sim.apiUrl,
        token,
        repository: REPO,
        sha: 'a'.repeat(40),
        inputs: { command: 'sweep', 'app-id': String(app.id), 'private-key': app.privateKeyPem },
        env: { CHANGE_GATE_CLOCK_FILE: clock.file },
      }),
    async openChange({ title = 'Implement MFA for Admin Access', head = 'mfa' } = {}) {
      const pr = await sim.as('dana').openPullRequest({
        repo: REPO,
        title,
        body: SEED_PR_BODY,
        head,
        files: { [`src/${head}.ts`]: `export const ${head} = true;\n` },
      });
      await sim.as('dana').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
      return { number: pr.number, headSha: pr.headSha };
    },
    comments: (number) => sim.read.comments({ repo: REPO, number }),
  };
};
