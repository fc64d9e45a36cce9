import { createHash } from 'node:crypto';
import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import {
  COMPARE_FILES_LIMIT,
  COMPARE_UNPAGED_COMMITS,
  comparePaged,
  paginateCommitFiles,
} from '../http/paginate-commit-files.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { serializeCommit, serializeDiffEntry } from '../serializers/commit.ts';
import { repoPath } from '../serializers/issue.ts';
import { commitsBetween, diffTrees, resolveRef } from '../state/git.ts';
import type { Commit, Repo } from '../state/types.ts';
import { bodyOf, ok, repoOf } from './route-helpers.ts';

const blobSha = (content: string): string => {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
};

const commitAt = (request: RouteRequest, repo: Repo, ref: string | null): Commit => {
  const sha = resolveRef(repo, ref ?? repo.defaultBranch);
  const commit = sha ? repo.commits.get(sha) : undefined;
  if (!commit) {
    throw new HttpError({
      status: 404,
      message: ref ? `No commit found for the ref ${ref}` : 'This repository is empty.',
    });
  }
  void request;
  return commit;
};

const wantsRaw = (request: RouteRequest): boolean =>
  /application\/vnd\.github(\.v3)?\.raw/i.test(String(request.headers.accept ?? ''));

const fileEntry = (request: RouteRequest, options: { repo: Repo; commit: Commit; path: string }) => {
  const content = options.commit.files.get(options.path) as string;
  const path = repoPath(request.ctx, options.repo);
  const api = `${request.ctx.urls.api}/repos/${path}`;
  const sha = blobSha(content);
  const encoded = options.path.split('/').map(encodeURIComponent).join('/');
  const urls = {
    url: `${api}/contents/${encoded}?ref=${options.commit.sha}`,
    git_url: `${api}/git/blobs/${sha}`,
    html_url: `${request.ctx.urls.web}/${path}/blob/${options.commit.sha}/${encoded}`,
    download_url: `${request.ctx.urls.web}/${path}/raw/${options.commit.sha}/${encoded}`,
  };
  return {
    name: options.path.split('/').at(-1) as string,
    path: options.path,
    sha,
    size: Buffer.byteLength(content),
    ...urls,
    type: 'file',
    _links: { self: urls.url, git: urls.git_url, html: urls.html_url },
    content,
  };
};

/** GET contents: a file as JSON (base64) or raw text, a directory as a JSON listing, 404 when missing. */
const getContents = (request: RouteRequest) => {
  const repo = repoOf(request);
  const commit = commitAt(request, repo, request.query.get('ref'));
  const path = (request.params.path ?? '').replace(/^\/+|\/+$/g, '');
  if (commit.files.has(path)) {
    const entry = fileEntry(request, { repo, commit, path });
    if (wantsRaw(request)) {
      return { status: 200, text: entry.content, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }
    const base64 = Buffer.from(entry.content, 'utf8')
      .toString('base64')
      .replace(/(.{60})/g, '$1\n');
    return ok({ ...entry, content: base64, encoding: 'base64' });
  }
  const prefix = path === '' ? '' : `${path}/`;
  const children = new Map<string, 'file' | 'dir'>();
  for (const file of commit.files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const [name, ...rest] = file.slice(prefix.length).split('/');
    children.set(name as string, rest.length > 0 ? 'dir' : 'file');
  }
  if (children.size === 0) throw notFound();
  const listing = [...children].sort().map(([name, type]) => {
    const childPath = `${prefix}${name}`;
    if (type === 'file') {
      const { content: _content, ...entry } = fileEntry(request, { repo, commit, path: childPath });
      return entry;
    }
    const api = `${request.ctx.urls.api}/repos/${repoPath(request.ctx, repo)}`;
    const url = `${api}/contents/${childPath}?ref=${commit.sha}`;
    const html = `${request.ctx.urls.web}/${repoPath(request.ctx, repo)}/tree/${commit.sha}/${childPath}`;
    return {
      type: 'dir',
      size: 0,
      name,
      path: childPath,
      sha: commit.treeSha,
      url,
      git_url: `${api}/git/trees/${commit.treeSha}`,
      html_url: html,
      download_url: null,
      _links: { self: url, git: `${api}/git/trees/${commit.treeSha}`, html },
    };
  });
  return ok(listing);
};

const mergeBase = (repo: Repo, options: { base: string; head: string }): string => {
  const fromBase = new Set<string>();
  const stack = [options.base];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (fromBase.has(sha)) continue;
    fromBase.add(sha);
    stack.push(...(repo.commits.get(sha)?.parents ?? []));
  }
  const queue = [options.head];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.shift() as string;
    if (fromBase.has(sha)) return sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(repo.commits.get(sha)?.parents ?? []));
  }
  return options.base;
};

/** GET compare `base...head`: commits reachable from head and not base, oldest first. */
const compare = (request: RouteRequest) => {
  const repo = repoOf(request);
  const [baseRef, headRef] = (request.params.basehead ?? '').split(/\.{2,3}/);
  const base = baseRef ? resolveRef(repo, baseRef) : undefined;
  const head = headRef ? resolveRef(repo, headRef) : undefined;
  if (!base || !head) throw notFound();
  const ahead = commitsBetween(repo, { base, head });
  const behind = commitsBetween(repo, { base: head, head: base });
  const mergeBaseSha = mergeBase(repo, { base, head });
  const path = repoPath(request.ctx, repo);
  const web = `${request.ctx.urls.web}/${path}/compare/${request.params.basehead}`;
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const files = diffTrees(
    repo.commits.get(mergeBaseSha)?.files ?? new Map(),
    repo.commits.get(head)?.files ?? new Map(),
  );
  // Unpaged, GitHub lists the newest 250 commits; paged, files come on the first page only. Either way at
  // most 300 files for the whole comparison.
  const paged = comparePaged(request);
  const listedFiles = (Number(request.query.get('page')) || 1) === 1 ? files : [];
  const wrap = (page: Commit[]) => ({
    url: `${request.ctx.urls.api}/repos/${path}/compare/${request.params.basehead}`,
    html_url: web,
    permalink_url: `${request.ctx.urls.web}/${path}/compare/${base}...${head}`,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    base_commit: serializeCommit(request.ctx, { repo, commit: repo.commits.get(base) as Commit }),
    merge_base_commit: serializeCommit(request.ctx, {
      repo,
      commit: repo.commits.get(mergeBaseSha) as Commit,
    }),
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: page.map((commit) => serializeCommit(request.ctx, { repo, commit })),
    files: listedFiles
      .slice(0, COMPARE_FILES_LIMIT)
      .map((diff) => serializeDiffEntry(request.ctx, { repo, sha: head, diff })),
  });
  if (!paged) return ok(wrap(ahead.slice(-COMPARE_UNPAGED_COMMITS)));
  return paginate(request, ahead, { wrap });
};

const refObject = (request: RouteRequest, repo: Repo, branch: string) => {
  const sha = repo.branches.get(branch) as string;
  const api = `${request.ctx.urls.api}/repos/${repoPath(request.ctx, repo)}`;
  return {
    ref: `refs/heads/${branch}`,
    node_id: request.ctx.store.nodeId('Ref', repo.id),
    url: `${api}/git/refs/heads/${encodeURIComponent(branch)}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
  };
};

export const contentRoutes: Route[] = [
  // see: https://docs.github.com/rest/repos/contents#get-repository-content
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/contents/{path}',
    auth: 'token',
    permission: ['contents:read'],
    handle: getContents,
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}',
    auth: 'token',
    permission: ['contents:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const sha = resolveRef(repo, r.params.ref ?? '');
      if (!sha)
        throw validationFailed({
          resource: 'Commit',
          field: 'sha',
          message: `No commit found for SHA: ${r.params.ref}`,
        });
      const commit = serializeCommit(r.ctx, {
        repo,
        commit: repo.commits.get(sha) as Commit,
        withFiles: true,
      });
      const { files, headers } = paginateCommitFiles(r, 'files' in commit ? commit.files : []);
      return { ...ok({ ...commit, files }), headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits',
    auth: 'token',
    permission: ['contents:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const head = resolveRef(repo, r.query.get('sha') ?? repo.defaultBranch);
      if (!head) throw notFound();
      const history = commitsBetween(repo, { base: '', head }).reverse();
      return paginate(
        r,
        history.map((commit) => serializeCommit(r.ctx, { repo, commit })),
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/compare/{basehead}',
    auth: 'token',
    permission: ['contents:read'],
    handle: compare,
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/ref/{ref}',
    auth: 'token',
    permission: ['contents:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const branch = (r.params.ref ?? '').replace(/^heads\//, '');
      if (!(r.params.ref ?? '').startsWith('heads/') || !repo.branches.has(branch)) throw notFound();
      return ok(refObject(r, repo, branch));
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/refs',
    auth: 'token',
    permission: ['contents:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const body = bodyOf(r);
      const ref = String(body.ref ?? '');
      const sha = String(body.sha ?? '');
      if (!/^refs\/heads\/.+/.test(ref))
        throw validationFailed({
          resource: 'Reference',
          field: 'ref',
          message: 'Reference name must start with refs/heads/',
        });
      if (!repo.commits.has(sha))
        throw validationFailed({ resource: 'Reference', field: 'sha', message: 'Object does not exist' });
      const branch = ref.slice('refs/heads/'.length);
      if (repo.branches.has(branch))
        throw validationFailed({ resource: 'Reference', field: 'ref', message: 'Reference already exists' });
      repo.branches.set(branch, sha);
      return ok(refObject(r, repo, branch), 201);
    },
  },
];
