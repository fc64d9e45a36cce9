import { notFound, validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route } from '../http/route.ts';
import { addLabels, createRepoLabel, removeLabel, setLabels } from '../ops/labels.ts';
import { serializeIssueLabels, serializeLabel } from '../serializers/label.ts';
import { issueOf, labelNames, READ, WRITE } from './issue-route-helpers.ts';
import { actorOf, bodyOf, noContent, ok, repoOf } from './route-helpers.ts';

// see: https://docs.github.com/rest/issues/labels
export const labelRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      return paginate(r, serializeIssueLabels(r.ctx, repo, issue.labelNames));
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      addLabels(r.ctx, { repo, issue, names: labelNames(r.body), actor: actorOf(r) });
      return ok(serializeIssueLabels(r.ctx, repo, issue.labelNames));
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      setLabels(r.ctx, { repo, issue, names: labelNames(r.body), actor: actorOf(r) });
      return ok(serializeIssueLabels(r.ctx, repo, issue.labelNames));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      setLabels(r.ctx, { repo, issue, names: [], actor: actorOf(r) });
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      if (!removeLabel(r.ctx, { repo, issue, name: r.params.name ?? '', actor: actorOf(r) })) {
        throw validationFailed({
          resource: 'Label',
          field: 'name',
          code: 'missing',
          message: 'Label does not exist',
        });
      }
      return ok(serializeIssueLabels(r.ctx, repo, issue.labelNames));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/labels',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      return paginate(
        r,
        [...repo.labels.values()].map((label) => serializeLabel(r.ctx, repo, label)),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/labels',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const body = bodyOf(r);
      const label = createRepoLabel(r.ctx, {
        repo,
        name: String(body.name ?? ''),
        ...(typeof body.color === 'string' ? { color: body.color } : {}),
        ...(typeof body.description === 'string' ? { description: body.description } : {}),
        actor: actorOf(r),
      });
      return ok(serializeLabel(r.ctx, repo, label), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/labels/{name}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const label = repo.labels.get((r.params.name ?? '').toLowerCase());
      if (!label) throw notFound();
      return ok(serializeLabel(r.ctx, repo, label));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/labels/{name}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const label = repo.labels.get((r.params.name ?? '').toLowerCase());
      if (!label) throw notFound();
      const body = bodyOf(r);
      if (typeof body.new_name === 'string' && body.new_name !== label.name) {
        repo.labels.delete(label.name.toLowerCase());
        for (const issue of repo.issues.values()) {
          issue.labelNames = issue.labelNames.map((n) =>
            n.toLowerCase() === label.name.toLowerCase() ? String(body.new_name) : n,
          );
        }
        label.name = body.new_name;
        repo.labels.set(label.name.toLowerCase(), label);
      }
      if (typeof body.color === 'string') label.color = body.color.replace(/^#/, '');
      if (body.description !== undefined) label.description = (body.description as string | null) ?? null;
      return ok(serializeLabel(r.ctx, repo, label));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/labels/{name}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const key = (r.params.name ?? '').toLowerCase();
      if (!repo.labels.delete(key)) throw notFound();
      for (const issue of repo.issues.values())
        issue.labelNames = issue.labelNames.filter((n) => n.toLowerCase() !== key);
      return noContent();
    },
  },
];
