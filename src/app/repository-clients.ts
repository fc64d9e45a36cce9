import type { Probot } from 'probot';
import { createOctokitChangeIntakePort } from '../github/octokit/octokit-change-intake-port.ts';
import { createOctokitPermissionPort } from '../github/octokit/octokit-permission-port.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitReportSourcePort } from '../github/octokit/octokit-report-source-port.ts';
import type { ChangeIntakePort } from '../github/ports/change-intake-port.ts';
import type { GitHubPort, RepoRef } from '../github/ports/github-port.ts';
import type { PermissionPort } from '../github/ports/permission-port.ts';
import type { ReportSourcePort } from '../github/ports/report-source-port.ts';
import type { AppDeps } from './app-deps.ts';

/** The ports of one repository, through the app's installation on it. */
export interface RepositoryClients {
  port: GitHubPort;
  permissions: PermissionPort;
  intake: ChangeIntakePort;
  reports: ReportSourcePort;
}

/** The app is not installed on the repository (or the repository does not exist): the API answers 404. */
export class NotInstalledError extends Error {}

const INSTALLATION_CACHE_MS = 5 * 60_000;

/**
 * Ports for a repository the REST API is asked about: the installation is looked up with the app's JWT
 * (`GET /repos/{owner}/{repo}/installation`, remembered a few minutes), then Probot's installation client
 * (token cached and renewed by Probot).
 */
export const createRepositoryClients = (app: Probot, deps: AppDeps) => {
  const installations = new Map<string, { id: number; until: number }>();
  return async (repo: RepoRef): Promise<RepositoryClients> => {
    const key = `${repo.owner}/${repo.repo}`.toLowerCase();
    let installation = installations.get(key);
    if (!installation || installation.until < Date.now()) {
      const appOctokit = await app.auth();
      try {
        // see: https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app
        const { data } = await appOctokit.request('GET /repos/{owner}/{repo}/installation', { ...repo });
        installation = { id: data.id, until: Date.now() + INSTALLATION_CACHE_MS };
        installations.set(key, installation);
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) {
          throw new NotInstalledError(
            `${repo.owner}/${repo.repo} does not exist or Change Gate is not installed on it`,
          );
        }
        throw error;
      }
    }
    const octokit = await app.auth(installation.id);
    return {
      port: createOctokitPort({ octokit, teams: deps.teams }),
      permissions: createOctokitPermissionPort(octokit),
      intake: createOctokitChangeIntakePort(octokit),
      reports: octokitReportSourcePort({ octokit }),
    };
  };
};
