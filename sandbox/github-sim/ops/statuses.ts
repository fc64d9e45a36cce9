import { validationFailed } from '../http/http-error.ts';
import { serializeCommit } from '../serializers/commit.ts';
import { serializeUserById } from '../serializers/user.ts';
import type { SimContext } from '../sim-context.ts';
import type { Commit, CommitStatus, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';

const STATES = ['error', 'failure', 'pending', 'success'];

/** A commit status: anyone with write access can set any context, which is why it proves nothing. */
export const createStatus = (
  ctx: SimContext,
  options: {
    repo: Repo;
    sha: string;
    state: unknown;
    context?: unknown;
    description?: unknown;
    targetUrl?: unknown;
    actor: Actor;
  },
): CommitStatus => {
  const { repo } = options;
  if (!repo.commits.has(options.sha)) {
    throw validationFailed({
      resource: 'Status',
      field: 'sha',
      message: `No commit found for SHA: ${options.sha}`,
    });
  }
  if (typeof options.state !== 'string' || !STATES.includes(options.state)) {
    throw validationFailed({ resource: 'Status', field: 'state' });
  }
  const description =
    options.description === undefined || options.description === null ? null : String(options.description);
  if (description !== null && description.length > 140) {
    throw validationFailed({
      resource: 'Status',
      field: 'description',
      code: 'custom',
      message: 'description is too long (maximum is 140 characters)',
    });
  }
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const status: CommitStatus = {
    id,
    nodeId: ctx.store.nodeId('StatusContext', id),
    repoId: repo.id,
    sha: options.sha,
    state: options.state as CommitStatus['state'],
    context: typeof options.context === 'string' && options.context !== '' ? options.context : 'default',
    description,
    targetUrl: typeof options.targetUrl === 'string' ? options.targetUrl : null,
    creatorId: options.actor.accountId,
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.statuses.push(status);
  ctx.emit({
    event: 'status',
    repoId: repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: {
      id: status.id,
      sha: status.sha,
      name: `${ctx.store.ownerOf(repo).login}/${repo.name}`,
      target_url: status.targetUrl,
      avatar_url: null,
      context: status.context,
      description: status.description,
      state: status.state,
      commit: serializeCommit(ctx, { repo, commit: repo.commits.get(status.sha) as Commit }),
      branches: [],
      created_at: now,
      updated_at: now,
      creator: serializeUserById(ctx, status.creatorId),
    },
  });
  return status;
};
