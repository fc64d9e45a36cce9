import { Octokit as RestOctokit } from '@octokit/rest';
import { createClock } from '../../src/app/create-clock.ts';
import { createKeyedLock } from '../../src/app/create-keyed-lock.ts';
import { createMemorySentDeliveries } from '../../src/app/create-memory-sent-deliveries.ts';
import { createMergeRequirementCache } from '../../src/app/create-merge-requirement-cache.ts';
import { loadHistoryKeys } from '../../src/app/history-keys.ts';
import { createOctokitPort } from '../../src/github/octokit/octokit-port.ts';
import { octokitRepositorySettingsPort } from '../../src/github/octokit/octokit-repository-settings-port.ts';
import { octokitReviewIssuePort } from '../../src/github/octokit/octokit-review-issue-port.ts';
import { octokitSweepPort } from '../../src/github/octokit/octokit-sweep-port.ts';
import { createTeamMembersCache } from '../../src/github/octokit/team-members-cache.ts';
import { createNotificationSender } from '../../src/notify/create-notification-sender.ts';
import { createNotificationQueue } from '../../src/use-cases/notification-queue.ts';
import { type SweepReport, sweepInstallation } from '../../src/use-cases/sweep-installation.ts';
import type { SweepInputs } from './action-inputs.ts';
import type { ActionIO, Clock, CommandOutcome } from './action-io.ts';
import { createActionOctokit, type RetryOptions } from './create-action-octokit.ts';
import { sweepRetry } from './sweep-retry.ts';

/**
 * `command: sweep`: the app's sweep from a scheduled workflow, for teams that run no long-lived app process.
 * The token must be the Change Gate app's installation token (actions/create-github-app-token): history is
 * only history when the app's bot writes it, signed with the app's key (`private-key`, or
 * CHANGE_GATE_SIGNING_KEY). Notifications go out as the app sends them (CHANGE_GATE_NOTIFY_* from the
 * step's env) before the step ends. Fails when a change could not be reconciled.
 */
export async function sweep(options: {
  inputs: SweepInputs;
  io: ActionIO;
  clock: Clock;
  /** The client's backoff, also used to read and reconcile again a change that failed transiently. */
  retry: RetryOptions;
}): Promise<CommandOutcome> {
  const { inputs, io, clock } = options;
  // Probot's client and the action's are both Octokit with `request`, `graphql` and `paginate`.
  const octokit = createActionOctokit({
    token: inputs.token,
    baseUrl: inputs.apiUrl,
    retry: options.retry,
    Octokit: RestOctokit,
  }) as never;
  const env = { CHANGE_GATE_SIGNING_KEY: io.env('CHANGE_GATE_SIGNING_KEY') };
  const log = {
    info: (fields: Record<string, unknown> | string, message?: string) =>
      io.info(typeof fields === 'string' ? fields : (message ?? '')),
    warn: (message: string) => io.warning(message),
  };
  const notifications = createNotificationQueue({
    sender: createNotificationSender({ env: notifyEnv(io) }),
    sent: createMemorySentDeliveries(),
    log,
  });
  const teams = createTeamMembersCache();
  const mergeRequirements = createMergeRequirementCache();
  const report = await sweepInstallation({
    deps: {
      identity: async () => ({ id: inputs.appId, slug: inputs.appSlug, botLogin: `${inputs.appSlug}[bot]` }),
      lock: createKeyedLock(),
      keys: loadHistoryKeys({ env, appPrivateKey: inputs.privateKey }),
      // A rehearsal moves the sweep's clock as the app's (CHANGE_GATE_CLOCK_FILE); otherwise the runner's.
      now: io.env('CHANGE_GATE_CLOCK_FILE')
        ? createClock({ CHANGE_GATE_CLOCK_FILE: io.env('CHANGE_GATE_CLOCK_FILE') })
        : () => clock.now(),
      notifications,
    },
    sweep: octokitSweepPort({ octokit }),
    port: createOctokitPort({ octokit, teams }),
    log,
    account: { login: inputs.owner, type: inputs.scope === 'organization' ? 'Organization' : 'User' },
    ...(inputs.scope === 'repository' ? { repository: `${inputs.owner}/${inputs.repo}` } : {}),
    label: inputs.label,
    mergeRequirementFor: (repo) => ({
      settings: octokitRepositorySettingsPort({ octokit, ...repo }),
      cache: mergeRequirements,
    }),
    reviewIssues: octokitReviewIssuePort(octokit),
    // The client sends a creating POST once (a 502 may come after GitHub wrote): the change is read again.
    retry: sweepRetry({ retry: options.retry, clock }),
  });
  await notifications.idle();
  io.setOutput('reconciled', String(report.reconciled.length));
  io.setOutput('failed', String(report.failed.length));
  await io.appendSummary(renderSweepSummary(report));
  return {
    failure:
      report.failed.length === 0
        ? null
        : `Change Gate sweep: ${report.failed.length} change(s) could not be reconciled: ${report.failed
            .map((failed) => `${failed.repository}#${failed.number}: ${failed.error}`)
            .join('; ')}`,
  };
}

const notifyEnv = (io: ActionIO): Record<string, string | undefined> =>
  new Proxy({} as Record<string, string | undefined>, {
    get: (_target, name) => (typeof name === 'string' ? io.env(name) : undefined),
  });

const renderSweepSummary = (report: SweepReport): string =>
  [
    `### Change Gate sweep: ${report.open} open change(s), ${report.reconciled.length} reconciled`,
    '',
    ...report.reconciled.map(({ repository, number, reason }) => `- ${repository}#${number}: ${reason}`),
    ...report.failed.map(
      ({ repository, number, error }) => `- ${repository}#${number}: **failed** (${error})`,
    ),
    '',
  ].join('\n');
