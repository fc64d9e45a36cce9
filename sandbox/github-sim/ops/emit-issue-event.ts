import { serializeIssue } from '../serializers/issue.ts';
import { serializePullRequest } from '../serializers/pull-request.ts';
import type { SimContext } from '../sim-context.ts';
import type { Issue, PullData, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';

/** Emits `issues.<action>` for an issue or `pull_request.<action>` for a PR, with the object's REST shape. */
export const emitIssueEvent = (
  ctx: SimContext,
  options: { repo: Repo; issue: Issue; action: string; actor: Actor; extra?: Record<string, unknown> },
): void => {
  const { repo, issue } = options;
  const fields = issue.pull
    ? {
        number: issue.number,
        pull_request: serializePullRequest(ctx, repo, issue as Issue & { pull: PullData }),
      }
    : { issue: serializeIssue(ctx, repo, issue) };
  ctx.emit({
    event: issue.pull ? 'pull_request' : 'issues',
    action: options.action,
    repoId: repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: { ...fields, ...options.extra },
  });
};
