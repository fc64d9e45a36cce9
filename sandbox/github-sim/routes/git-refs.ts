import { notFound, validationFailed } from '../http/http-error.ts';
import type { Route } from '../http/route.ts';
import { moveBranch } from '../ops/move-branch.ts';
import { repoPath } from '../serializers/issue.ts';
import { actorOf, bodyOf, ok, repoOf } from './route-helpers.ts';

export const gitRefRoutes: Route[] = [
  // see: https://docs.github.com/rest/git/refs#update-a-reference
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    auth: 'token',
    permission: ['contents:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const ref = r.params.ref ?? '';
      const branch = ref.replace(/^heads\//, '');
      if (!ref.startsWith('heads/') || !repo.branches.has(branch)) throw notFound();
      const body = bodyOf(r);
      if (typeof body.sha !== 'string')
        throw validationFailed({ resource: 'Reference', field: 'sha', code: 'missing_field' });
      moveBranch(r.ctx, { repo, branch, sha: body.sha, force: body.force === true, actor: actorOf(r) });
      const sha = repo.branches.get(branch) as string;
      const api = `${r.ctx.urls.api}/repos/${repoPath(r.ctx, repo)}`;
      return ok({
        ref: `refs/heads/${branch}`,
        node_id: r.ctx.store.nodeId('Ref', repo.id),
        url: `${api}/git/refs/heads/${encodeURIComponent(branch)}`,
        object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
      });
    },
  },
];
