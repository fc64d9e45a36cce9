import { findIssue } from './ops/issues.ts';
import { findPull } from './ops/pulls.ts';
import { findRepo } from './seed-helpers.ts';
import { serializeCheckRun } from './serializers/check-run.ts';
import { serializeComment } from './serializers/comment.ts';
import { serializeDeployment, serializeDeploymentStatus } from './serializers/deployment.ts';
import { serializeIssue } from './serializers/issue.ts';
import { serializePullRequest } from './serializers/pull-request.ts';
import { serializeReview } from './serializers/review.ts';
import type { SimContext } from './sim-context.ts';
import { resolveRef } from './state/git.ts';

/** Read-only views of simulator state in GitHub's REST shapes, for assertions. */
export const createReadApi = (ctx: () => SimContext) => ({
  pullRequest(o: { repo: string; number: number }) {
    const repo = findRepo(ctx(), o.repo);
    return serializePullRequest(ctx(), repo, findPull(repo, o.number));
  },
  issue(o: { repo: string; number: number }) {
    const repo = findRepo(ctx(), o.repo);
    return serializeIssue(ctx(), repo, findIssue(repo, o.number));
  },
  labels(o: { repo: string; number: number }): string[] {
    return [...findIssue(findRepo(ctx(), o.repo), o.number).labelNames];
  },
  comments(o: { repo: string; number: number }) {
    const repo = findRepo(ctx(), o.repo);
    return ctx()
      .store.comments.ofThread(repo.id, o.number)
      .map((c) => serializeComment(ctx(), repo, c));
  },
  reviews(o: { repo: string; number: number }) {
    const repo = findRepo(ctx(), o.repo);
    return [...ctx().store.reviews.values()]
      .filter((r) => r.repoId === repo.id && r.pullNumber === o.number)
      .map((r) => serializeReview(ctx(), repo, r));
  },
  /** Every check run on a ref or SHA (all apps, oldest first). */
  checkRuns(o: { repo: string; ref: string }) {
    const repo = findRepo(ctx(), o.repo);
    const sha = resolveRef(repo, o.ref) ?? o.ref;
    return [...ctx().store.checkRuns.values()]
      .filter((run) => run.repoId === repo.id && run.headSha === sha)
      .map((run) => serializeCheckRun(ctx(), repo, run));
  },
  deployments(o: { repo: string; environment?: string }) {
    const repo = findRepo(ctx(), o.repo);
    return [...ctx().store.deployments.values()]
      .filter((d) => d.repoId === repo.id && (!o.environment || d.environment === o.environment))
      .map((d) => ({
        ...serializeDeployment(ctx(), repo, d),
        statuses: [...ctx().store.deploymentStatuses.values()]
          .filter((s) => s.deploymentId === d.id)
          .map((s) => serializeDeploymentStatus(ctx(), repo, s)),
      }));
  },
  /** A workflow run waiting on protection rules, with each app's answer. */
  workflowRun(o: { runId: number }) {
    const run = ctx().store.workflowRuns.get(o.runId);
    if (!run) throw new Error(`github-sim: no workflow run ${o.runId}`);
    return {
      id: run.id,
      status: run.status,
      conclusion: run.conclusion,
      environment: run.environment,
      deploymentId: run.deploymentId,
      protection: run.protection.map((p) => ({ ...p })),
    };
  },
  branchSha(o: { repo: string; branch: string }): string | undefined {
    return findRepo(ctx(), o.repo).branches.get(o.branch);
  },
  file(o: { repo: string; path: string; ref?: string }): string | undefined {
    const repo = findRepo(ctx(), o.repo);
    const sha = resolveRef(repo, o.ref ?? repo.defaultBranch);
    return sha ? repo.commits.get(sha)?.files.get(o.path) : undefined;
  },
});

export type ReadApi = ReturnType<typeof createReadApi>;
