import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { commentCanChangeResult } from '../core/decision/event-can-change-result.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/** `/approve` and `/reject` commands, and anyone editing or deleting the app's history comments. */
export const registerIssueCommentHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'], async (context) => {
    const { comment, action } = context.payload;
    // Only a bot's comment can be ours: people's comments need no call to learn who we are.
    const byBot = comment.user?.type === 'Bot';
    const botLogin = byBot ? (await deps.identity()).botLogin : null;
    const matters = commentCanChangeResult({
      action,
      body: comment.body ?? '',
      previousBody: action === 'edited' ? (context.payload.changes.body?.from ?? null) : null,
      byOurApp: botLogin !== null && comment.user?.login.toLowerCase() === botLogin.toLowerCase(),
    });
    if (!matters) return;
    await reconcileFromEvent({ deps, context, number: context.payload.issue.number });
  });
};
