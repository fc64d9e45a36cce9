import { Octokit } from '@octokit/rest';
import { createGitHubSimulator, type GitHubSimulatorOptions } from '../../../sandbox/github-sim/index.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

export const REPO = 'acme/payments';
export const OWNER = 'acme';
export const NAME = 'payments';

const APP_PERMISSIONS = {
  checks: 'write',
  contents: 'read',
  deployments: 'write',
  issues: 'write',
  pull_requests: 'write',
  members: 'read',
  metadata: 'read',
  statuses: 'read',
} as const;

/**
 * A started simulator with OpenAPI fidelity on, an org `acme` with teams, users, a repo
 * `acme/payments`, the app `change-gate` installed on `acme` and a webhook receiver for it.
 */
export const startSeededSimulator = async (options: GitHubSimulatorOptions = {}) => {
  const sim = createGitHubSimulator({ openapi: true, ...options });
  await sim.start();
  const receiver = await startWebhookReceiver();
  const dev = sim.createUser({ login: 'dev', name: 'Dev Eloper' });
  const lead = sim.createUser({ login: 'sec-lead' });
  sim.createUser({ login: 'eng-manager' });
  sim.createUser({ login: 'outsider' });
  sim.createOrg({ login: OWNER, members: ['dev'] });
  sim.createTeam({ org: OWNER, slug: 'security-team', members: ['sec-lead'] });
  sim.createTeam({ org: OWNER, slug: 'security-team-lead', members: ['sec-lead'], parent: 'security-team' });
  sim.createTeam({ org: OWNER, slug: 'engineering-manager', members: ['eng-manager'] });
  sim.createRepo({
    owner: OWNER,
    name: NAME,
    files: {
      '.github/change-management.yml': 'change_management:\n  enabled: true\n',
      'src/app.ts': 'export {};\n',
    },
  });
  const app = sim.registerApp({
    slug: 'change-gate',
    permissions: { ...APP_PERMISSIONS },
    webhookUrl: receiver.url,
  });
  const installation = sim.installApp({ app: 'change-gate', account: OWNER });
  const token = sim.createInstallationToken({ installationId: installation.id });
  const octokit = (auth: string) =>
    new Octokit({ auth, baseUrl: sim.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
  return {
    sim,
    receiver,
    app,
    installation,
    users: { dev, lead },
    /** Octokit acting as the app's installation. */
    appOctokit: octokit(token),
    /** Octokit acting as `dev` with a personal token. */
    devOctokit: octokit(dev.token),
    octokit,
    async stop() {
      await sim.stop();
      await receiver.close();
    },
  };
};

export type Seeded = Awaited<ReturnType<typeof startSeededSimulator>>;
