import type { Probot } from 'probot';
import { createAppDeps } from './app/app-deps.ts';
import { registerCheckRunHandlers } from './handlers/check-run.ts';
import { registerDeploymentProtectionRuleHandlers } from './handlers/deployment-protection-rule.ts';
import { registerDeploymentStatusHandlers } from './handlers/deployment-status.ts';
import { registerIssueCommentHandlers } from './handlers/issue-comment.ts';
import { registerIssueHandlers } from './handlers/issues.ts';
import { registerPullRequestHandlers } from './handlers/pull-request.ts';
import { registerPullRequestReviewHandlers } from './handlers/pull-request-review.ts';
import { registerStatusHandlers } from './handlers/status.ts';
import { registerSweepSchedule } from './handlers/sweep-schedule.ts';

/** The Probot app: wires handlers to their events and the sweep to its schedule, nothing else. */
export default (app: Probot): void => {
  const deps = createAppDeps(app);
  registerPullRequestHandlers(app, deps);
  registerIssueHandlers(app, deps);
  registerCheckRunHandlers(app, deps);
  registerPullRequestReviewHandlers(app, deps);
  registerIssueCommentHandlers(app, deps);
  registerStatusHandlers(app, deps);
  registerDeploymentProtectionRuleHandlers(app, deps);
  registerDeploymentStatusHandlers(app, deps);
  registerSweepSchedule(app, deps);
};
