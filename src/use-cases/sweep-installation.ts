import type { Decision } from '../core/decision/decision.ts';
import type { OpenChange } from '../core/sweep/open-change.ts';
import { pickDueChanges, type SweepReason } from '../core/sweep/sweep-verdict.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { GitHubPort, RepoRef } from '../github/ports/github-port.ts';
import type { ReviewIssuePort } from '../github/ports/review-issue-port.ts';
import type { OpenChangesQuery, SweepPort } from '../github/ports/sweep-port.ts';
import { mergeRequirementKey, readMergeRequirement } from './read-merge-requirement.ts';
import { type ReconcileChangeOptions, reconcileChange } from './reconcile-change.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface SweepInstallationOptions {
  deps: UseCaseDeps;
  sweep: SweepPort;
  port: GitHubPort;
  log: UseCaseLog;
  account: OpenChangesQuery['account'];
  /** `owner/name`: sweep this repository only. */
  repository?: string;
  /** Label that makes a PR or issue a change request (the default `change` unless the operator set another). */
  label: string;
  /**
   * The merge-requirement warning, as the webhooks evaluate it (so the sweep does not flap the check); the
   * sweep reads a branch's requirement when missing or older than ten minutes (webhooks only use the cache).
   */
  mergeRequirementFor?: (repo: RepoRef) => ReconcileChangeOptions['mergeRequirement'];
  /**
   * Read the base branches' merge requirements of every open pull request first (each branch when missing or
   * older than ten minutes), so that the events' evaluations, which only use the cache, find them (the app's;
   * the action's sweep evaluates alone).
   */
  refreshMergeRequirements?: boolean;
  /** The review issues of emergency changes, as the webhooks read them (so the sweep sees what they see). */
  reviewIssues?: ReviewIssuePort;
  /**
   * What the door does after each reconcile, outside the change's lock, as after a webhook (release the deploys
   * waiting for a change the sweep found approved). Its failure is logged; the sweep goes on.
   */
  afterReconcile?: (repo: RepoRef, decision: Decision) => Promise<void>;
  /**
   * What the door does once per repository with open changes, after their reconciles (the app lists the deploys
   * left waiting there: the backstop for a protection-rule event it missed). Its failure is logged; the sweep
   * goes on.
   */
  afterRepository?: (repo: RepoRef) => Promise<void>;
  /** How a change whose reconcile failed is tried again; absent = once (the app retries its events itself). */
  retry?: SweepRetry;
}

/**
 * A change whose reconcile failed on a transient GitHub error (5xx, no answer, a rate limit given up) is
 * reconciled again: it is read afresh first, so a write GitHub made before failing ("502 after the write") is
 * found and not made twice, and one it did not make is made.
 */
export interface SweepRetry {
  /** The wait before retry `retry` (1, 2…) after `error`, or null: not worth it (a 4xx) or no retries left. */
  waitBefore(error: unknown, retry: number): number | null;
  sleep(ms: number): Promise<void>;
}

/** What one sweep did, for logs and tests. */
export interface SweepReport {
  open: number;
  truncated: boolean;
  reconciled: Array<{ repository: string; number: number; reason: SweepReason }>;
  failed: Array<{ repository: string; number: number; error: string }>;
}

/** The keyed-lock key of one account's sweep: one sweep at a time per installation. */
export const sweepLockKey = (account: OpenChangesQuery['account']): string =>
  `sweep:${account.login.toLowerCase()}`;

/**
 * Heals what webhooks missed and escalates what fell due, cheaply:
 * 1. one search (a request per 100 open changes) lists open changes with their heads and our check runs;
 * 2. only those whose check is missing or on an older head, or whose due marker has come, are picked;
 * 3. each is reconciled as a webhook would, by the app itself, one after the other (writes are throttled anyway);
 *    one that fails on a transient error is read and reconciled again (`retry`), one that still fails is
 *    logged and the others go on.
 * Serialised per installation (sweepLockKey).
 */
export const sweepInstallation = (options: SweepInstallationOptions): Promise<SweepReport> =>
  options.deps.lock.run(sweepLockKey(options.account), async () => {
    const { deps, log } = options;
    const app = await deps.identity();
    const { changes, truncated } = await options.sweep.openChanges({
      account: options.account,
      ...(options.repository ? { repository: options.repository } : {}),
      label: options.label,
      appId: app.id,
    });
    const due = pickDueChanges(changes, { now: deps.now(), botLogin: app.botLogin });
    const report: SweepReport = { open: changes.length, truncated, reconciled: [], failed: [] };
    if (options.refreshMergeRequirements && options.mergeRequirementFor) {
      await refreshMergeRequirements({
        changes,
        mergeRequirementFor: options.mergeRequirementFor,
        now: deps.now(),
      });
    }
    for (const { change, reason } of due) {
      const repo = { owner: change.owner, repo: change.repo };
      const repository = `${change.owner}/${change.repo}`;
      try {
        const forRepo = options.mergeRequirementFor?.(repo);
        const mergeRequirement = forRepo ? { ...forRepo, readWhenStale: true } : undefined;
        const reconcile = () =>
          reconcileChange({
            deps,
            port: options.port,
            log,
            ref: { ...repo, number: change.number },
            actor: app.botLogin,
            ...(mergeRequirement ? { mergeRequirement } : {}),
            ...(options.reviewIssues ? { reviewIssues: options.reviewIssues } : {}),
          });
        const decision = await withRetries({
          attempt: reconcile,
          retry: options.retry,
          onRetry: (error, wait) =>
            log.warn(
              `sweep: ${repository}#${change.number}: ${errorMessage(error)}; read and reconciled again in ${Math.ceil(wait / 1000)} s`,
            ),
        });
        report.reconciled.push({ repository, number: change.number, reason });
        await options
          .afterReconcile?.(repo, decision)
          .catch((error: unknown) =>
            log.warn(`sweep: after ${repository}#${change.number}: ${errorMessage(error)}`),
          );
      } catch (error) {
        report.failed.push({ repository, number: change.number, error: errorMessage(error) });
        log.warn(
          `sweep: ${repository}#${change.number} (${reason}) could not be reconciled: ${errorMessage(error)}`,
        );
      }
    }
    if (options.afterRepository) {
      const repositories = new Map(
        changes.map((change) => [
          `${change.owner}/${change.repo}`.toLowerCase(),
          { owner: change.owner, repo: change.repo },
        ]),
      );
      for (const repo of repositories.values()) {
        await options
          .afterRepository(repo)
          .catch((error: unknown) =>
            log.warn(`sweep: after ${repo.owner}/${repo.repo}: ${errorMessage(error)}`),
          );
      }
    }
    if (truncated) {
      log.warn(
        `sweep: ${options.account.login} has more open changes than one search returns (1000); the rest wait for their webhooks`,
      );
    }
    log.info(
      {
        open: report.open,
        reconciled: report.reconciled.map(
          ({ repository, number, reason }) => `${repository}#${number}: ${reason}`,
        ),
        failed: report.failed.length,
      },
      `sweep of ${options.account.login}: ${report.open} open change(s), ${report.reconciled.length} reconciled`,
    );
    return report;
  });

/**
 * Each base branch of the open pull requests, once: its merge requirement read when missing or older than ten
 * minutes (a failed read is cached as unread: no warning, read again at a later sweep).
 */
const refreshMergeRequirements = async (options: {
  changes: OpenChange[];
  mergeRequirementFor: NonNullable<SweepInstallationOptions['mergeRequirementFor']>;
  now: Date;
}): Promise<void> => {
  const branches = new Map<string, { repo: RepoRef; branch: string }>();
  for (const change of options.changes) {
    if (change.kind !== 'pull_request' || !change.baseRef) continue;
    const repository = `${change.owner}/${change.repo}`;
    branches.set(mergeRequirementKey(repository, change.baseRef), {
      repo: { owner: change.owner, repo: change.repo },
      branch: change.baseRef,
    });
  }
  for (const { repo, branch } of branches.values()) {
    const forRepo = options.mergeRequirementFor(repo);
    if (!forRepo) continue;
    await readMergeRequirement({
      settings: forRepo.settings,
      cache: forRepo.cache,
      repository: `${repo.owner}/${repo.repo}`,
      branch,
      now: options.now,
      readWhenStale: true,
    });
  }
};

/** `attempt`, tried again after a failure while `retry` says it is worth a wait; the last failure is thrown. */
const withRetries = async <T>(options: {
  attempt: () => Promise<T>;
  retry: SweepRetry | undefined;
  onRetry: (error: unknown, waitMs: number) => void;
}): Promise<T> => {
  for (let retry = 1; ; retry++) {
    try {
      return await options.attempt();
    } catch (error) {
      const wait = options.retry?.waitBefore(error, retry) ?? null;
      if (wait === null) throw error;
      options.onRetry(error, wait);
      await options.retry?.sleep(wait);
    }
  }
};
