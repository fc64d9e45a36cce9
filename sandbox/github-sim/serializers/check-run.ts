import type { SimContext } from '../sim-context.ts';
import type { CheckRun, CheckSuite, Repo } from '../state/types.ts';
import { serializeAppById } from './app.ts';
import { repoPath } from './issue.ts';
import { serializeRepository } from './repository.ts';

/** Open PRs whose head is `sha`, in REST `pull-request-minimal` shape (check runs and suites list them). */
export const pullRequestsAtSha = (ctx: SimContext, repo: Repo, sha: string) => {
  const api = `${ctx.urls.api}/repos/${repoPath(ctx, repo)}`;
  const repoRef = { id: repo.id, url: api, name: repo.name };
  return [...repo.issues.values()].flatMap((issue) =>
    issue.pull && issue.pull.headSha === sha && issue.state === 'open'
      ? [
          {
            id: issue.pull.id,
            number: issue.number,
            url: `${api}/pulls/${issue.number}`,
            head: { ref: issue.pull.headRef, sha: issue.pull.headSha, repo: repoRef },
            base: {
              ref: issue.pull.baseRef,
              sha: repo.branches.get(issue.pull.baseRef) ?? issue.pull.baseSha,
              repo: repoRef,
            },
          },
        ]
      : [],
  );
};

const suiteStatus = (runs: CheckRun[]) => {
  if (runs.length === 0) return { status: 'queued', conclusion: null };
  if (runs.some((run) => run.status !== 'completed')) return { status: 'in_progress', conclusion: null };
  const rank = ['action_required', 'cancelled', 'timed_out', 'failure', 'neutral', 'skipped', 'success'];
  const worst = runs
    .map((run) => run.conclusion ?? 'neutral')
    .sort((a, b) => rank.indexOf(a) - rank.indexOf(b))[0];
  return { status: 'completed', conclusion: worst ?? 'neutral' };
};

/** REST `check-suite`. */
export const serializeCheckSuite = (ctx: SimContext, repo: Repo, suite: CheckSuite) => {
  const api = `${ctx.urls.api}/repos/${repoPath(ctx, repo)}`;
  const runs = [...ctx.store.checkRuns.values()].filter((run) => run.suiteId === suite.id);
  const head = repo.commits.get(suite.headSha);
  const author = head ? ctx.store.accountById(head.authorId) : null;
  const gitUser = author
    ? { name: author.name ?? author.login, email: author.email ?? `${author.login}@users.noreply` }
    : null;
  return {
    id: suite.id,
    node_id: suite.nodeId,
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    ...suiteStatus(runs),
    url: `${api}/check-suites/${suite.id}`,
    before: head?.parents[0] ?? null,
    after: suite.headSha,
    pull_requests: pullRequestsAtSha(ctx, repo, suite.headSha),
    app: serializeAppById(ctx, suite.appId),
    repository: serializeRepository(ctx, repo),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: {
      id: suite.headSha,
      tree_id: head?.treeSha ?? suite.headSha,
      message: head?.message ?? '',
      timestamp: head?.date ?? suite.createdAt,
      author: gitUser,
      committer: gitUser,
    },
    latest_check_runs_count: runs.length,
    check_runs_url: `${api}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
};

/** REST `check-run`; `app` is the app that created it, which is what makes a run trustworthy. */
export const serializeCheckRun = (ctx: SimContext, repo: Repo, run: CheckRun) => {
  const path = repoPath(ctx, repo);
  const api = `${ctx.urls.api}/repos/${path}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: run.nodeId,
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${ctx.urls.web}/${path}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${ctx.urls.web}/${path}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: serializeAppById(ctx, run.appId),
    pull_requests: pullRequestsAtSha(ctx, repo, run.headSha),
  };
};
