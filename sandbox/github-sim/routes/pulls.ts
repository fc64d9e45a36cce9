import { HttpError, validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { updateIssue } from '../ops/issues.ts';
import { findPull, mergePullRequest, openPullRequest, type Pull } from '../ops/pulls.ts';
import { dismissReview, findReview, submitReview } from '../ops/reviews.ts';
import { serializeCommit, serializeDiffEntry } from '../serializers/commit.ts';
import { pullFiles, serializePullRequest } from '../serializers/pull-request.ts';
import { serializeReview } from '../serializers/review.ts';
import type { Commit } from '../state/types.ts';
import { actorOf, bodyOf, intParam, ok, repoOf } from './route-helpers.ts';

const READ = ['pull_requests:read'];
const WRITE = ['pull_requests:write'];

const pullOf = (request: RouteRequest) => {
  const repo = repoOf(request);
  return { repo, pull: findPull(repo, intParam(request, 'pull_number')) };
};

const listPulls = (request: RouteRequest) => {
  const repo = repoOf(request);
  const state = request.query.get('state') ?? 'open';
  const head = request.query.get('head');
  const base = request.query.get('base');
  const pulls = [...repo.issues.values()]
    .filter((issue): issue is Pull => issue.pull !== null)
    .filter((pull) => state === 'all' || pull.state === state)
    .filter(
      (pull) =>
        !head ||
        `${request.ctx.store.ownerOf(repo).login}:${pull.pull.headRef}` === head ||
        pull.pull.headRef === head,
    )
    .filter((pull) => !base || pull.pull.baseRef === base)
    .sort((a, b) => (request.query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
  return paginate(
    request,
    pulls.map((pull) => serializePullRequest(request.ctx, repo, pull)),
  );
};

const updatePull = (request: RouteRequest) => {
  const { repo, pull } = pullOf(request);
  const body = bodyOf(request);
  const actor = actorOf(request);
  if (body.base !== undefined) {
    if (typeof body.base !== 'string' || !repo.branches.has(body.base))
      throw validationFailed({ resource: 'PullRequest', field: 'base' });
    pull.pull.baseRef = body.base;
  }
  updateIssue(request.ctx, {
    repo,
    issue: pull,
    actor,
    changes: {
      ...(typeof body.title === 'string' ? { title: body.title } : {}),
      ...(body.body !== undefined ? { body: body.body as string | null } : {}),
      ...(body.state === 'open' || body.state === 'closed' ? { state: body.state } : {}),
    },
  });
  return ok(serializePullRequest(request.ctx, repo, pull));
};

export const pullRoutes: Route[] = [
  // see: https://docs.github.com/rest/pulls/pulls#list-pull-requests
  { method: 'GET', path: '/repos/{owner}/{repo}/pulls', auth: 'token', permission: READ, handle: listPulls },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const body = bodyOf(r);
      if (typeof body.head !== 'string' || typeof body.base !== 'string' || typeof body.title !== 'string') {
        throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'missing_field' });
      }
      const pull = openPullRequest(r.ctx, {
        repo,
        title: body.title,
        body: (body.body as string | undefined) ?? null,
        head: body.head,
        base: body.base,
        draft: body.draft === true,
        actor: actorOf(r),
      });
      return ok(serializePullRequest(r.ctx, repo, pull), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      return ok(serializePullRequest(r.ctx, repo, pull));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    auth: 'token',
    permission: WRITE,
    handle: updatePull,
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      const files = pullFiles(repo, pull.pull).map((diff) =>
        serializeDiffEntry(r.ctx, { repo, sha: pull.pull.headSha, diff }),
      );
      return paginate(r, files);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      return paginate(
        r,
        pull.pull.commits.map((sha) =>
          serializeCommit(r.ctx, { repo, commit: repo.commits.get(sha) as Commit }),
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      const reviews = [...r.ctx.store.reviews.values()].filter(
        (rv) => rv.repoId === repo.id && rv.pullNumber === pull.number,
      );
      return paginate(
        r,
        reviews.map((review) => serializeReview(r.ctx, repo, review)),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      const body = bodyOf(r);
      if (body.event === undefined)
        throw new HttpError({
          status: 422,
          message: 'Pending reviews are not supported by the simulator: pass `event`.',
        });
      const review = submitReview(r.ctx, {
        repo,
        pull,
        event: String(body.event),
        ...(typeof body.body === 'string' ? { body: body.body } : {}),
        ...(typeof body.commit_id === 'string' ? { commitId: body.commit_id } : {}),
        actor: actorOf(r),
      });
      return ok(serializeReview(r.ctx, repo, review));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      return ok(
        serializeReview(r.ctx, repo, findReview(r.ctx, { repo, pull, id: intParam(r, 'review_id') })),
      );
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      const review = findReview(r.ctx, { repo, pull, id: intParam(r, 'review_id') });
      const body = bodyOf(r);
      if (typeof body.message !== 'string')
        throw validationFailed({ resource: 'PullRequestReview', field: 'message', code: 'missing_field' });
      return ok(
        serializeReview(
          r.ctx,
          repo,
          dismissReview(r.ctx, { repo, pull, review, message: body.message, actor: actorOf(r) }),
        ),
      );
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    auth: 'token',
    permission: ['contents:write'],
    handle: (r) => {
      const { repo, pull } = pullOf(r);
      const body = bodyOf(r);
      const sha = mergePullRequest(r.ctx, {
        repo,
        pull,
        actor: actorOf(r),
        ...(typeof body.sha === 'string' ? { sha: body.sha } : {}),
        ...(typeof body.commit_title === 'string' ? { commitTitle: body.commit_title } : {}),
      });
      return ok({ sha, merged: true, message: 'Pull Request successfully merged' });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const sha = r.params.commit_sha ?? '';
      const pulls = [...repo.issues.values()].filter(
        (issue): issue is Pull =>
          issue.pull !== null &&
          (issue.pull.commits.includes(sha) ||
            issue.pull.mergeCommitSha === sha ||
            issue.pull.headSha === sha),
      );
      return paginate(
        r,
        pulls.map((pull) => serializePullRequest(r.ctx, repo, pull)),
      );
    },
  },
];
