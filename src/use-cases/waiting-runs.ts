/**
 * A run this app's protection rule left waiting, as GitHub's signed `deployment_protection_rule` event named
 * it: what a release after an approval answers without listing the repository's runs.
 */
export interface KnownWaitingRun {
  runId: number;
  environment: string;
  sha: string;
  branch: string | null;
  /** The deployment GitHub created for the run, when the event named it. */
  deploymentId?: number;
  /** When it was left waiting (ms since the epoch): GitHub fails a run that waits 30 days. */
  at: number;
}

/** A repository as the store keys it: `owner/repo`, lower case. */
export const waitingRunsKey = (repository: { owner: string; repo: string }): string =>
  `${repository.owner}/${repository.repo}`.toLowerCase();

/**
 * The runs left waiting per repository (this process's memory, or Redis shared by the replicas). Only the
 * app's own answers to GitHub's events go in. Liveness only: a run missing here is still found by the
 * listing the sweep makes now and then (sweep-waiting-deploys.ts), and a run found here is approved only
 * when the gate, reading GitHub afresh, approves it.
 */
export interface WaitingRuns {
  add(repository: string, run: KnownWaitingRun): Promise<void>;
  remove(repository: string, run: { runId: number; environment: string }): Promise<void>;
  /** Oldest first; those waiting longer than GitHub keeps a run waiting are left out. */
  list(repository: string): Promise<KnownWaitingRun[]>;
}

/** GitHub fails a run whose protection rules are not answered within 30 days. */
export const WAITING_RUN_TTL_MS = 30 * 24 * 3_600_000;

/** One run's field in a repository's set: its id and environment (one answer per environment). */
export const waitingRunField = (run: { runId: number; environment: string }): string =>
  `${run.runId}:${run.environment.toLowerCase()}`;

/** A stored run read back (Redis holds JSON): whole and well-typed, or null. */
export function toKnownWaitingRun(value: unknown): KnownWaitingRun | null {
  if (typeof value !== 'object' || value === null) return null;
  const { runId, environment, sha, branch, deploymentId, at } = value as Record<string, unknown>;
  if (
    !Number.isSafeInteger(runId) ||
    typeof environment !== 'string' ||
    environment === '' ||
    typeof sha !== 'string' ||
    !(typeof branch === 'string' || branch === null) ||
    !(deploymentId === undefined || Number.isSafeInteger(deploymentId)) ||
    typeof at !== 'number' ||
    !Number.isFinite(at)
  ) {
    return null;
  }
  return {
    runId: runId as number,
    environment,
    sha,
    branch,
    ...(deploymentId === undefined ? {} : { deploymentId: deploymentId as number }),
    at,
  };
}

/**
 * When the sweep lists a repository's waiting runs from GitHub (the backstop for runs never recorded: an
 * event missed, a restart without Redis): `due` says yes at most once per interval per repository.
 */
export interface WaitingRunListings {
  due(repository: string): boolean;
}
