import { HttpError, notFound } from '../http/http-error.ts';
import type { Route } from '../http/route.ts';
import { serializeApp } from '../serializers/app.ts';
import { serializeCommit } from '../serializers/commit.ts';
import { repositoryRules, rulesetsOfBranch } from '../state/repository-rules.ts';
import type { Commit } from '../state/types.ts';
import { ok, repoOf } from './route-helpers.ts';

/** Rulesets, branch protection and public app pages: what `change-gate doctor` reads. */
export const ruleRoutes: Route[] = [
  // see: https://docs.github.com/rest/repos/rules#get-rules-for-a-branch
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/rules/branches/{branch}',
    auth: 'token',
    handle: (r) => {
      const repo = repoOf(r);
      const branch = r.params.branch ?? '';
      const rules = rulesetsOfBranch(repo, branch).flatMap((ruleset) => {
        const source = {
          ruleset_source_type: 'Repository',
          ruleset_source: `${r.params.owner}/${repo.name}`,
          ruleset_id: ruleset.id,
        };
        const out: unknown[] = [];
        if (ruleset.requiredChecks.length > 0) {
          out.push({
            type: 'required_status_checks',
            parameters: {
              strict_required_status_checks_policy: false,
              required_status_checks: ruleset.requiredChecks.map((check) => ({
                context: check.context,
                ...(check.appId === null ? {} : { integration_id: check.appId }),
              })),
            },
            ...source,
          });
        }
        if (ruleset.restrictedFilePaths.length > 0) {
          out.push({
            type: 'file_path_restriction',
            parameters: { restricted_file_paths: [...ruleset.restrictedFilePaths] },
            ...source,
          });
        }
        return out;
      });
      return ok(rules);
    },
  },
  // see: https://docs.github.com/rest/branches/branch-protection#get-status-checks-protection
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks',
    auth: 'token',
    permission: ['administration:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const branch = r.params.branch ?? '';
      if (!repo.branches.has(branch)) throw new HttpError({ status: 404, message: 'Branch not found' });
      const protection = repositoryRules(repo).branchProtection.get(branch);
      if (!protection) throw new HttpError({ status: 404, message: 'Branch not protected' });
      const url = `${r.ctx.urls.api}/repos/${r.params.owner}/${repo.name}/branches/${encodeURIComponent(branch)}/protection/required_status_checks`;
      return ok({
        url,
        strict: protection.strict,
        contexts: protection.checks.map((check) => check.context),
        checks: protection.checks.map((check) => ({ context: check.context, app_id: check.appId })),
        contexts_url: `${url}/contexts`,
      });
    },
  },
  // see: https://docs.github.com/rest/branches/branches#get-a-branch
  // Readable with read access: `protected`, and the required checks of classic protection (with their app).
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/branches/{branch}',
    auth: 'token',
    permission: ['contents:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const branch = r.params.branch ?? '';
      const sha = repo.branches.get(branch);
      if (sha === undefined) throw new HttpError({ status: 404, message: 'Branch not found' });
      const protection = repositoryRules(repo).branchProtection.get(branch);
      const url = `${r.ctx.urls.api}/repos/${r.params.owner}/${repo.name}/branches/${encodeURIComponent(branch)}`;
      const checks = protection?.checks ?? [];
      return ok({
        name: branch,
        commit: serializeCommit(r.ctx, { repo, commit: repo.commits.get(sha) as Commit }),
        _links: { self: url, html: `${r.ctx.urls.web}/${r.params.owner}/${repo.name}/tree/${branch}` },
        protected: protection !== undefined,
        protection: {
          enabled: protection !== undefined,
          required_status_checks: {
            enforcement_level: protection === undefined ? 'off' : 'non_admins',
            contexts: checks.map((check) => check.context),
            checks: checks.map((check) => ({ context: check.context, app_id: check.appId })),
          },
        },
        protection_url: `${url}/protection`,
      });
    },
  },
  // see: https://docs.github.com/rest/apps/apps#get-an-app
  {
    method: 'GET',
    path: '/apps/{app_slug}',
    auth: 'none',
    handle: (r) => {
      const app = [...r.ctx.store.apps.values()].find((candidate) => candidate.slug === r.params.app_slug);
      if (!app) throw notFound();
      return ok(serializeApp(r.ctx, app));
    },
  },
];
