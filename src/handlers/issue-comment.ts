import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { commentCanChangeResult } from '../core/decision/event-can-change-result.ts';
import { parseLifecycleCommand } from '../core/lifecycle/parse-lifecycle-command.ts';
import { createOctokitPermissionPort } from '../github/octokit/octokit-permission-port.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { answerLifecycleCommand } from '../use-cases/answer-lifecycle-command.ts';
import { claimDelivery, claimsWhenActing } from './claim-when-acting.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/**
 * `/approve` and `/reject` commands, ticks in the app's steps comment, and anyone editing or deleting the
 * app's comments; `/implement` and `/complete` when posted (an edited command never counts).
 */
export const registerIssueCommentHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    ['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'],
    claimsWhenActing(async (context) => {
      const { comment, action, sender } = context.payload;
      // Only a bot's comment (or edit) can be ours: people's comments need no call to learn who we are.
      const byBot = comment.user?.type === 'Bot';
      const lifecycle = action === 'created' && !byBot ? parseLifecycleCommand(comment.body ?? '') : null;
      if (lifecycle !== null) {
        if (!(await claimDelivery(context))) return;
        await answerLifecycleCommand({
          deps,
          port: createOctokitPort({ octokit: context.octokit, teams: deps.teams }),
          permissions: createOctokitPermissionPort(context.octokit),
          log: context.log,
          ref: { ...context.repo(), number: context.payload.issue.number },
          commentId: comment.id,
          actor: comment.user?.login ?? context.payload.sender.login,
          command: lifecycle,
        });
        return;
      }
      const botLogin =
        byBot || sender?.type === 'Bot' ? (await deps.identity()).botLogin.toLowerCase() : null;
      const previousBody = action === 'edited' ? (context.payload.changes.body?.from ?? null) : null;
      const byOurApp = byBot && botLogin !== null && comment.user?.login.toLowerCase() === botLogin;
      const matters = commentCanChangeResult({
        action,
        body: comment.body ?? '',
        previousBody,
        byOurApp,
        sentByOurApp: botLogin !== null && sender?.login.toLowerCase() === botLogin,
      });
      if (!matters) return;
      // GitHub's record of the edit: the evaluation reads ticks from it, and who ticked from the sender.
      const commentEdit =
        byOurApp && previousBody !== null
          ? { commentEdit: { commentId: comment.id, before: previousBody, after: comment.body ?? '' } }
          : {};
      await reconcileFromEvent({ deps, context, number: context.payload.issue.number, ...commentEdit });
    }),
  );
};
