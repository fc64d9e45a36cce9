import type { RepositoryPermission } from '../../core/lifecycle/has-write-access.ts';
import type { PermissionPort } from '../ports/permission-port.ts';
import { expectObject, type RequestOctokit } from './request-octokit.ts';
import { withGitHubErrors } from './to-github-error.ts';

const KNOWN: ReadonlySet<string> = new Set(['admin', 'write', 'read', 'none']);

/**
 * PermissionPort over GitHub's REST API (any GitHub App may read it: metadata). A user GitHub does not know
 * (404) has no permission; a value GitHub adds later reads as none, so an unknown role never grants.
 */
export const createOctokitPermissionPort = (octokit: RequestOctokit): PermissionPort =>
  withGitHubErrors<PermissionPort>({
    async repositoryPermission(repo, login) {
      try {
        // see: https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
        const { data } = await octokit.request(
          'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
          {
            owner: repo.owner,
            repo: repo.repo,
            username: login,
          },
        );
        const permission = expectObject({ data, what: 'the permission of a user' }).permission;
        return typeof permission === 'string' && KNOWN.has(permission)
          ? (permission as RepositoryPermission)
          : 'none';
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) return 'none';
        throw error;
      }
    },
  });
