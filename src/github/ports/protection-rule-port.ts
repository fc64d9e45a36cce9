/** A workflow run GitHub holds until its environments' protection rules pass. */
export interface WaitingRun {
  id: number;
  headSha: string;
  /** Null when GitHub gives none (a run on a tag or a detached commit). */
  headBranch: string | null;
}

export type ProtectionRuleState = 'approved' | 'rejected';

/**
 * The GitHub calls of a custom deployment protection rule, in one repository (the app's side of deploy
 * gating). Implemented with Octokit in `src/github/octokit-protection-rule-port.ts`; every method throws on
 * failure, and nothing is approved on a failure.
 */
export interface ProtectionRulePort {
  /** Answers this app's protection rule for one environment of a waiting run. */
  reviewProtectionRule(options: {
    runId: number;
    environment: string;
    state: ProtectionRuleState;
    comment: string;
  }): Promise<void>;
  /** A status report on a waiting run (a comment, neither approving nor rejecting). */
  reportProtectionRuleStatus(options: { runId: number; environment: string; comment: string }): Promise<void>;
  /** Runs of the repository with status `waiting`, newest first (one page). */
  listWaitingRuns(): Promise<WaitingRun[]>;
  /** One run as GitHub has it now, when its status is `waiting`; null when it is not (or no longer) waiting. */
  waitingRun(runId: number): Promise<WaitingRun | null>;
  /** Names of the environments a run waits on. */
  pendingEnvironments(runId: number): Promise<string[]>;
  /** Ids of the apps whose custom protection rules are enabled on an environment. */
  protectionRuleAppIds(environment: string): Promise<number[]>;
}
