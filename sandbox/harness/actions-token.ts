import type { GitHubSimulator } from '../github-sim/index.ts';

/**
 * A workflow job's `GITHUB_TOKEN`: an installation token of a separate "github-actions" app with the
 * permissions the deploy job grants (`contents: read`, `pull-requests: read`, `checks: read`,
 * `deployments: write`), as the docs/workflows example does.
 */
export const actionsToken = (sim: GitHubSimulator, org: string): string => {
  const app = sim.registerApp({
    slug: 'github-actions',
    name: 'GitHub Actions',
    permissions: {
      metadata: 'read',
      contents: 'read',
      pull_requests: 'read',
      checks: 'read',
      statuses: 'read',
      deployments: 'write',
    },
    events: [],
  });
  const installation = sim.installApp({ app: app.id, account: org });
  return sim.createInstallationToken({ installationId: installation.id });
};
