import type { ChangeFacts } from '../core/decision/change-facts.ts';
import type { LifecycleCommand } from '../core/lifecycle/lifecycle-command.ts';
import type { MoveRefusal } from '../core/lifecycle/lifecycle-move-source.ts';
import { commandReplyMarker, renderMoveRefusal } from '../core/lifecycle/render-move-refusal.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import type { PermissionPort } from '../github/ports/permission-port.ts';
import { changeLockKey } from './change-lock-key.ts';
import { completeChange } from './complete-change.ts';
import { implementChange } from './implement-change.ts';
import type { MoveChangeResult } from './move-change.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

/**
 * A `/implement` or `/complete` comment, newly posted: carried out through implementChange or completeChange
 * (the use cases the REST API calls), or answered with a reply that says who asked, what, and why nothing
 * changed. A redelivered comment is answered once: its move is recorded with its comment id, its reply
 * carries a marker with it.
 */
export const answerLifecycleCommand = async (options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  permissions: PermissionPort;
  log: Pick<UseCaseLog, 'info'>;
  ref: ChangeRef;
  commentId: number;
  actor: string;
  command: LifecycleCommand;
}): Promise<MoveChangeResult | null> => {
  const { command, commentId, actor, port, ref } = options;
  const verb = `/${command.ok ? command.move.kind : command.verb}`;
  const reply = async (refusal: MoveRefusal, facts: Pick<ChangeFacts, 'comments'>): Promise<void> => {
    const marker = commandReplyMarker(commentId);
    const { botLogin } = await options.deps.identity();
    const ours = (author: string) => author.toLowerCase() === botLogin.toLowerCase();
    if (facts.comments.some((c) => c.authorIsBot && ours(c.author) && c.body.startsWith(marker))) return;
    await port.createComment(ref, renderMoveRefusal({ commentId, actor, command: verb, refusal }));
  };
  if (!command.ok) {
    const refusal: MoveRefusal = { reason: 'invalid_transition', message: command.problem };
    await options.deps.lock.run(changeLockKey(ref), async () => reply(refusal, await port.readChange(ref)));
    return null;
  }
  const common = {
    deps: options.deps,
    port,
    permissions: options.permissions,
    log: options.log,
    ref,
    actor,
    note: command.note,
    source: { via: 'command' as const, commentId },
    onRefusal: reply,
  };
  return command.move.kind === 'implement'
    ? implementChange(common)
    : completeChange({ ...common, outcome: command.move.outcome });
};
