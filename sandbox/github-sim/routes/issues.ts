import { notFound, validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { addReaction, createComment, deleteComment, editComment, findComment } from '../ops/comments.ts';
import { createIssue, findIssue, updateIssue } from '../ops/issues.ts';
import { addLabels, createRepoLabel, removeLabel, setLabels } from '../ops/labels.ts';
import { serializeComment } from '../serializers/comment.ts';
import { serializeIssue } from '../serializers/issue.ts';
import { serializeIssueLabels, serializeLabel } from '../serializers/label.ts';
import { serializeUserById } from '../serializers/user.ts';
import { actorOf, bodyOf, intParam, noContent, ok, repoOf } from './route-helpers.ts';

/** Issue endpoints also serve PRs: either permission opens them, as on GitHub. */
const READ = ['issues:read', 'pull_requests:read'];
const WRITE = ['issues:write', 'pull_requests:write'];

const issueOf = (request: RouteRequest) => {
  const repo = repoOf(request);
  return { repo, issue: findIssue(repo, intParam(request, 'issue_number')) };
};

/** Label names from any of GitHub's accepted bodies: `["a"]`, `{labels: ["a"]}`, `{labels: [{name}]}`. */
const labelNames = (body: unknown): string[] => {
  const list = Array.isArray(body) ? body : ((body as { labels?: unknown } | null)?.labels ?? []);
  if (!Array.isArray(list)) throw validationFailed({ resource: 'Label', field: 'labels' });
  return list.map((item) => {
    const name = typeof item === 'string' ? item : (item as { name?: unknown })?.name;
    if (typeof name !== 'string' || name.trim() === '')
      throw validationFailed({ resource: 'Label', field: 'name' });
    return name;
  });
};

const since = (request: RouteRequest) => request.query.get('since');

const listIssues = (request: RouteRequest) => {
  const repo = repoOf(request);
  const state = request.query.get('state') ?? 'open';
  const labels = (request.query.get('labels') ?? '')
    .split(',')
    .filter(Boolean)
    .map((l) => l.toLowerCase());
  const issues = [...repo.issues.values()]
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => labels.every((l) => i.labelNames.some((n) => n.toLowerCase() === l)))
    .filter((i) => !since(request) || i.updatedAt >= String(since(request)))
    .sort((a, b) => (request.query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
  return paginate(
    request,
    issues.map((issue) => serializeIssue(request.ctx, repo, issue)),
  );
};

const updateIssueRoute = (request: RouteRequest) => {
  const { repo, issue } = issueOf(request);
  const body = bodyOf(request);
  const actor = actorOf(request);
  if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed') {
    throw validationFailed({ resource: 'Issue', field: 'state' });
  }
  updateIssue(request.ctx, {
    repo,
    issue,
    actor,
    changes: {
      ...(typeof body.title === 'string' ? { title: body.title } : {}),
      ...(body.body !== undefined ? { body: body.body as string | null } : {}),
      ...(body.state === 'open' || body.state === 'closed' ? { state: body.state } : {}),
      ...(body.state_reason === 'completed' || body.state_reason === 'not_planned'
        ? { stateReason: body.state_reason }
        : {}),
    },
  });
  if (body.labels !== undefined) setLabels(request.ctx, { repo, issue, names: labelNames(body), actor });
  return ok(serializeIssue(request.ctx, repo, issue));
};

const labelRoutes: Route[] = [
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

const commentRoutes: Route[] = [
  // see: https://docs.github.com/rest/issues/comments#list-issue-comments
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      const comments = [...r.ctx.store.comments.values()]
        .filter((c) => c.repoId === repo.id && c.issueNumber === issue.number)
        .filter((c) => !since(r) || c.updatedAt >= String(since(r)));
      return paginate(
        r,
        comments.map((comment) => serializeComment(r.ctx, repo, comment)),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      const comment = createComment(r.ctx, { repo, issue, body: bodyOf(r).body, actor: actorOf(r) });
      return ok(serializeComment(r.ctx, repo, comment), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const comments = [...r.ctx.store.comments.values()].filter((c) => c.repoId === repo.id);
      return paginate(
        r,
        comments.map((comment) => serializeComment(r.ctx, repo, comment)),
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      return ok(serializeComment(r.ctx, repo, findComment(r.ctx, repo, intParam(r, 'comment_id'))));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = findComment(r.ctx, repo, intParam(r, 'comment_id'));
      editComment(r.ctx, { repo, comment, body: bodyOf(r).body, actor: actorOf(r) });
      return ok(serializeComment(r.ctx, repo, comment));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      deleteComment(r.ctx, {
        repo,
        comment: findComment(r.ctx, repo, intParam(r, 'comment_id')),
        actor: actorOf(r),
      });
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = findComment(r.ctx, repo, intParam(r, 'comment_id'));
      const { reaction, created } = addReaction(r.ctx, {
        comment,
        content: bodyOf(r).content,
        actor: actorOf(r),
      });
      return ok(
        {
          id: reaction.id,
          node_id: reaction.nodeId,
          user: serializeUserById(r.ctx, reaction.userId),
          content: reaction.content,
          created_at: reaction.createdAt,
        },
        created ? 201 : 200,
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = findComment(r.ctx, repo, intParam(r, 'comment_id'));
      const content = r.query.get('content');
      return paginate(
        r,
        comment.reactions
          .filter((reaction) => !content || reaction.content === content)
          .map((reaction) => ({
            id: reaction.id,
            node_id: reaction.nodeId,
            user: serializeUserById(r.ctx, reaction.userId),
            content: reaction.content,
            created_at: reaction.createdAt,
          })),
      );
    },
  },
];

export const issueRoutes: Route[] = [
  // see: https://docs.github.com/rest/issues/issues#list-repository-issues
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues',
    auth: 'token',
    permission: READ,
    handle: listIssues,
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues',
    auth: 'token',
    permission: ['issues:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const body = bodyOf(r);
      if (typeof body.title !== 'string' && typeof body.title !== 'number') {
        throw validationFailed({ resource: 'Issue', field: 'title', code: 'missing_field' });
      }
      const issue = createIssue(r.ctx, {
        repo,
        title: String(body.title),
        body: (body.body as string | null | undefined) ?? null,
        labels: body.labels === undefined ? [] : labelNames(body),
        actor: actorOf(r),
      });
      return ok(serializeIssue(r.ctx, repo, issue), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      return ok(serializeIssue(r.ctx, repo, issue));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    auth: 'token',
    permission: WRITE,
    handle: updateIssueRoute,
  },
  ...labelRoutes,
  ...commentRoutes,
];
