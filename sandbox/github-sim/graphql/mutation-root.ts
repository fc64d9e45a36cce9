import { GraphQLError } from 'graphql';
import { HttpError } from '../http/http-error.ts';
import type { Auth } from '../http/route.ts';
import { actorFromAuth } from '../ops/actor.ts';
import { createCheckRun, updateCheckRun } from '../ops/checks.ts';
import { createComment, editComment } from '../ops/comments.ts';
import { setLabels } from '../ops/labels.ts';
import type { Pull } from '../ops/pulls.ts';
import type { SimContext } from '../sim-context.ts';
import type { Issue, Repo } from '../state/types.ts';
import { commentNode, issueNode, pullRequestNode } from './issue-nodes.ts';
import { NotFoundError } from './root-value.ts';

/** GitHub's FORBIDDEN error (an installation token without the permission the mutation needs). */
export class ForbiddenError extends GraphQLError {
  readonly type = 'FORBIDDEN';
}

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };

/**
 * An installation token needs `write` on one of `permissions` (REST's routes ask the same: an issue comment
 * takes `issues` or `pull_requests`); users and others pass.
 */
const requireWrite = (auth: Auth, ...permissions: string[]): void => {
  if (auth.kind !== 'installation') return;
  const allowed = permissions.some(
    (permission) => (LEVEL[auth.grant.permissions[permission] ?? ''] ?? 0) >= LEVEL.write!,
  );
  if (!allowed) throw new ForbiddenError('Resource not accessible by integration');
};

const unresolved = (id: string): NotFoundError =>
  new NotFoundError(`Could not resolve to a node with the global id of '${id}'`);

const repoByNodeId = (ctx: SimContext, auth: Auth, id: string): Repo => {
  const repo = [...ctx.store.repos.values()].find((candidate) => candidate.nodeId === id);
  const visible =
    repo !== undefined &&
    (auth.kind !== 'installation' ||
      (repo.ownerId === auth.installation.accountId &&
        (auth.installation.repositorySelection === 'all' || auth.installation.repoIds.has(repo.id)) &&
        (auth.grant.repoIds === null || auth.grant.repoIds.has(repo.id))));
  if (!repo || !visible) throw unresolved(id);
  return repo;
};

/** The issue or pull request a node id names (addComment's subject: either). */
const subjectOf = (ctx: SimContext, auth: Auth, id: string): { repo: Repo; issue: Issue } => {
  for (const repo of ctx.store.repos.values()) {
    for (const issue of repo.issues.values()) {
      if (issue.nodeId === id || issue.pull?.nodeId === id) {
        return { repo: repoByNodeId(ctx, auth, repo.nodeId), issue };
      }
    }
  }
  throw unresolved(id);
};

const labelableOf = (
  ctx: SimContext,
  auth: Auth,
  id: string,
  kind: 'pull' | 'issue',
): { repo: Repo; issue: Issue } => {
  for (const repo of ctx.store.repos.values()) {
    for (const issue of repo.issues.values()) {
      const nodeId = kind === 'pull' ? issue.pull?.nodeId : issue.pull ? undefined : issue.nodeId;
      if (nodeId === id) return { repo: repoByNodeId(ctx, auth, repo.nodeId), issue };
    }
  }
  throw unresolved(id);
};

/** Names of the labels `ids` names, each one of `repo`'s (GitHub refuses ids it cannot resolve there). */
const labelNamesOf = (repo: Repo, ids: readonly string[]): string[] =>
  ids.map((id) => {
    const label = [...repo.labels.values()].find((candidate) => candidate.nodeId === id);
    if (!label) throw unresolved(id);
    return label.name;
  });

/** An HttpError of a REST operation as GitHub's GraphQL words it (the message, FORBIDDEN for a 403). */
const asGraphQLError = (error: unknown): unknown => {
  if (!(error instanceof HttpError)) return error;
  return error.status === 403 ? new ForbiddenError(error.message) : new GraphQLError(error.message);
};

const run = <T>(write: () => T): T => {
  try {
    return write();
  } catch (error) {
    throw asGraphQLError(error);
  }
};

interface UpdateCheckRunInput {
  repositoryId: string;
  checkRunId: string;
  name?: string | null;
  detailsUrl?: string | null;
  externalId?: string | null;
  status?: string | null;
  conclusion?: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
  output?: { title: string; summary: string; text?: string | null } | null;
}

interface CreateCheckRunInput extends Omit<UpdateCheckRunInput, 'checkRunId' | 'name'> {
  headSha: string;
  name: string;
}

interface AddCommentInput {
  subjectId: string;
  body: string;
}

interface UpdateIssueCommentInput {
  id: string;
  body: string;
}

interface LabelsInput {
  pullRequestId?: string;
  id?: string;
  labelIds?: string[] | null;
}

const lower = (value: string | null | undefined): string | undefined =>
  typeof value === 'string' ? value.toLowerCase() : undefined;

/** A check run's GraphQL fields in REST's spelling (the ops take REST's input). */
const checkRunFields = (input: Omit<UpdateCheckRunInput, 'repositoryId' | 'checkRunId'>) => ({
  ...(input.name != null ? { name: input.name } : {}),
  ...(input.detailsUrl !== undefined ? { details_url: input.detailsUrl } : {}),
  ...(input.externalId != null ? { external_id: input.externalId } : {}),
  ...(input.status != null ? { status: lower(input.status) } : {}),
  ...(input.conclusion != null ? { conclusion: lower(input.conclusion) } : {}),
  ...(input.startedAt != null ? { started_at: input.startedAt } : {}),
  ...(input.completedAt != null ? { completed_at: input.completedAt } : {}),
  ...(input.output ? { output: input.output } : {}),
});

/**
 * The mutations the app sends, with GitHub's behaviour: one document's mutations run one after another, in
 * order, and one that fails leaves the ones before it done (its error sits next to their data).
 * - `createCheckRun`: needs `checks: write`, and a GitHub App's token; the run belongs to that app, on a
 *   commit of the repository named (REST's POST: its validation, its `check_run` webhooks).
 * - `updateCheckRun`: needs `checks: write`; only the app that created the run may update it; the run must be
 *   in the repository named.
 * - `updatePullRequest` / `updateIssue` with `labelIds`: replace the labels (as REST's PUT), every id a label
 *   of the repository; `labeled` / `unlabeled` webhooks as REST's. Other fields are not simulated.
 * - `addComment`: a new comment on an issue or pull request (`subjectId`), as REST's POST (its checks, its
 *   `issue_comment.created` webhook); `updateIssueComment`: a comment's body replaced, as REST's PATCH. Both
 *   need `issues: write` or `pull_requests: write`, and a repository the caller can see.
 * see: https://docs.github.com/graphql/reference/mutations
 */
export const createMutationRoot = (ctx: SimContext, auth: Auth) => ({
  createCheckRun: ({ input }: { input: CreateCheckRunInput }) => {
    requireWrite(auth, 'checks');
    const repo = repoByNodeId(ctx, auth, input.repositoryId);
    const created = run(() =>
      createCheckRun(ctx, {
        repo,
        actor: actorFromAuth(auth),
        input: { ...checkRunFields(input), head_sha: input.headSha },
      }),
    );
    return {
      clientMutationId: null,
      checkRun: { __typename: 'CheckRun', id: created.nodeId, databaseId: created.id },
    };
  },
  updateCheckRun: ({ input }: { input: UpdateCheckRunInput }) => {
    requireWrite(auth, 'checks');
    const repo = repoByNodeId(ctx, auth, input.repositoryId);
    const found = [...ctx.store.checkRuns.values()].find(
      (candidate) => candidate.nodeId === input.checkRunId,
    );
    if (!found || found.repoId !== repo.id) throw unresolved(input.checkRunId);
    const updated = run(() =>
      updateCheckRun(ctx, {
        repo,
        run: found,
        actor: actorFromAuth(auth),
        input: checkRunFields(input),
      }),
    );
    return {
      clientMutationId: null,
      checkRun: { __typename: 'CheckRun', id: updated.nodeId, databaseId: updated.id },
    };
  },
  updatePullRequest: ({ input }: { input: LabelsInput }) => {
    requireWrite(auth, 'pull_requests');
    const { repo, issue } = labelableOf(ctx, auth, String(input.pullRequestId), 'pull');
    if (input.labelIds != null) {
      const names = labelNamesOf(repo, input.labelIds);
      run(() => setLabels(ctx, { repo, issue, names, actor: actorFromAuth(auth) }));
    }
    return { clientMutationId: null, pullRequest: pullRequestNode(ctx, repo, issue as Pull) };
  },
  updateIssue: ({ input }: { input: LabelsInput }) => {
    requireWrite(auth, 'issues');
    const { repo, issue } = labelableOf(ctx, auth, String(input.id), 'issue');
    if (input.labelIds != null) {
      const names = labelNamesOf(repo, input.labelIds);
      run(() => setLabels(ctx, { repo, issue, names, actor: actorFromAuth(auth) }));
    }
    return { clientMutationId: null, issue: issueNode(ctx, repo, issue) };
  },
  addComment: ({ input }: { input: AddCommentInput }) => {
    requireWrite(auth, 'issues', 'pull_requests');
    const { repo, issue } = subjectOf(ctx, auth, String(input.subjectId));
    const comment = run(() =>
      createComment(ctx, { repo, issue, body: input.body, actor: actorFromAuth(auth) }),
    );
    const node = commentNode(ctx, repo, comment);
    return {
      clientMutationId: null,
      commentEdge: { cursor: Buffer.from(`cursor:${comment.id}`).toString('base64'), node },
      subject: issue.pull ? pullRequestNode(ctx, repo, issue as Pull) : issueNode(ctx, repo, issue),
      timelineEdge: null,
    };
  },
  updateIssueComment: ({ input }: { input: UpdateIssueCommentInput }) => {
    requireWrite(auth, 'issues', 'pull_requests');
    const comment = [...ctx.store.comments.values()].find((candidate) => candidate.nodeId === input.id);
    const repo = comment
      ? [...ctx.store.repos.values()].find((candidate) => candidate.id === comment.repoId)
      : undefined;
    if (!comment || !repo) throw unresolved(String(input.id));
    repoByNodeId(ctx, auth, repo.nodeId);
    run(() => editComment(ctx, { repo, comment, body: input.body, actor: actorFromAuth(auth) }));
    return { clientMutationId: null, issueComment: commentNode(ctx, repo, comment) };
  },
});
