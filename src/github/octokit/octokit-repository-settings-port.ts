import type { RequiredCheckFact } from '../../core/doctor/repository-facts.ts';
import type { RepositorySettingsPort } from '../ports/repository-settings-port.ts';
import { expectList, expectObject, type RepoOctokit } from './request-octokit.ts';

/** RepositorySettingsPort over GitHub's REST API; 404 → null, anything else thrown. */
export function octokitRepositorySettingsPort({ octokit, owner, repo }: RepoOctokit): RepositorySettingsPort {
  const get = async (route: string, parameters: Record<string, unknown> = {}): Promise<unknown | null> => {
    try {
      const { data } = await octokit.request(`GET ${route}`, { owner, repo, ...parameters });
      return data;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  };
  return {
    async defaultBranch() {
      // see: https://docs.github.com/rest/repos/repos#get-a-repository
      const data = await get('/repos/{owner}/{repo}');
      if (data === null)
        throw Object.assign(new Error(`${owner}/${repo} not found, or not visible to this token`), {
          status: 404,
        });
      const branch = expectObject({ data, what: 'the repository' }).default_branch;
      if (typeof branch !== 'string')
        throw new Error('GitHub answered the repository without default_branch');
      return branch;
    },
    async readFile(path) {
      // see: https://docs.github.com/rest/repos/contents#get-repository-content
      const data = await get('/repos/{owner}/{repo}/contents/{path}', { path, mediaType: { format: 'raw' } });
      if (data === null) return null;
      if (typeof data !== 'string') throw new Error(`${path} is a directory, not a file`);
      return data;
    },
    async listDirectory(path) {
      const data = await get('/repos/{owner}/{repo}/contents/{path}', { path });
      if (data === null) return null;
      if (!Array.isArray(data)) return null;
      return data.flatMap((entry) =>
        (entry as { type?: unknown }).type === 'file' &&
        typeof (entry as { name?: unknown }).name === 'string'
          ? [(entry as { name: string }).name]
          : [],
      );
    },
    async branchRules(branch) {
      // see: https://docs.github.com/rest/repos/rules#get-rules-for-a-branch
      const data = await get('/repos/{owner}/{repo}/rules/branches/{branch}', { branch, per_page: 100 });
      const rules = data === null ? [] : expectList({ data, what: 'the rules of a branch' });
      const requiredChecks: RequiredCheckFact[] = [];
      const restrictedFilePaths: string[] = [];
      for (const rule of rules as Array<{ type?: unknown; parameters?: Record<string, unknown> }>) {
        if (rule.type === 'required_status_checks') {
          for (const check of (rule.parameters?.required_status_checks ?? []) as Array<
            Record<string, unknown>
          >) {
            if (typeof check.context !== 'string') continue;
            requiredChecks.push({
              context: check.context,
              appId: typeof check.integration_id === 'number' ? check.integration_id : null,
            });
          }
        }
        if (rule.type === 'file_path_restriction') {
          for (const path of (rule.parameters?.restricted_file_paths ?? []) as unknown[])
            if (typeof path === 'string') restrictedFilePaths.push(path);
        }
      }
      return { requiredChecks, restrictedFilePaths };
    },
    async branchProtectionSummary(branch) {
      // see: https://docs.github.com/rest/branches/branches#get-a-branch
      const data = await get('/repos/{owner}/{repo}/branches/{branch}', { branch });
      if (data === null) throw Object.assign(new Error(`branch ${branch} not found`), { status: 404 });
      const found = expectObject({ data, what: 'the branch' });
      const required = (found.protection as { required_status_checks?: { checks?: unknown } } | undefined)
        ?.required_status_checks;
      const checks = Array.isArray(required?.checks)
        ? (required.checks as Array<Record<string, unknown>>)
        : [];
      return {
        protected: found.protected === true,
        checks: checks.flatMap((check) =>
          typeof check.context === 'string'
            ? [{ context: check.context, appId: typeof check.app_id === 'number' ? check.app_id : null }]
            : [],
        ),
      };
    },
    async branchProtectionChecks(branch) {
      // see: https://docs.github.com/rest/branches/branch-protection#get-status-checks-protection
      const data = await get('/repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks', {
        branch,
      });
      if (data === null) return null;
      const checks = expectList({ data, what: 'the required status checks', field: 'checks' });
      return (checks as Array<Record<string, unknown>>).flatMap((check) =>
        typeof check.context === 'string'
          ? [{ context: check.context, appId: typeof check.app_id === 'number' ? check.app_id : null }]
          : [],
      );
    },
    async environmentProtectionApps(environment) {
      // see: https://docs.github.com/rest/deployments/protection-rules#get-all-deployment-protection-rules-for-an-environment
      const data = await get(
        '/repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
        {
          environment_name: environment,
        },
      );
      if (data === null) return null;
      const rules = expectList({
        data,
        what: 'the protection rules',
        field: 'custom_deployment_protection_rules',
      });
      return (rules as Array<{ enabled?: unknown; app?: { id?: unknown; slug?: unknown } }>).flatMap(
        (rule) =>
          rule.enabled !== false && typeof rule.app?.id === 'number' && typeof rule.app.slug === 'string'
            ? [{ id: rule.app.id, slug: rule.app.slug }]
            : [],
      );
    },
    async appId(slug) {
      // see: https://docs.github.com/rest/apps/apps#get-an-app
      const data = await get('/apps/{app_slug}', { app_slug: slug });
      if (data === null) return null;
      const id = expectObject({ data, what: 'the app' }).id;
      return typeof id === 'number' ? id : null;
    },
    async installationPermissions() {
      // see: https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app
      const data = await get('/repos/{owner}/{repo}/installation');
      if (data === null) return null;
      const permissions = expectObject({ data, what: 'the installation' }).permissions;
      return expectObject({ data: permissions, what: "the installation's permissions" }) as Record<
        string,
        string
      >;
    },
  };
}
