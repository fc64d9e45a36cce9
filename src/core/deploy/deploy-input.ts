import type { CheckRunFact } from '../decision/change-facts.ts';
import type { FreezeWindow } from '../policy/policy.ts';
import type { OwedStep } from '../steps/steps-owed.ts';
import type { MaintenanceRequest } from './maintenance-request.ts';

/** A pull request whose commits are part of the deploy. */
export interface DeployPullRequest {
  number: number;
  title: string;
  /** The head SHA the PR was merged at (for an open PR deployed as is: its current head). */
  headSha: string;
  /** Check runs on `headSha` with the gate's name, from any app: only the trusted app's are believed. */
  checkRuns: DeployCheckRun[];
}

/** A check run as the deploy gate reads it: the core fact plus the two fields a deploy shows. */
export interface DeployCheckRun extends CheckRunFact {
  /** The change ID the app puts in `external_id`; empty for a PR that is not a change. */
  externalId: string | null;
  htmlUrl: string | null;
}

/** A commit of the deploy that no pull request brought in (a direct push). */
export interface UnlinkedCommit {
  sha: string;
  /** Files it touches; null when unknown (then any `scope.paths` is assumed to match). */
  files: string[] | null;
}

/** The app whose check runs are the gate. */
export interface TrustedApp {
  slug: string;
  /** When set, the check run's app id must equal it too. */
  id: number | null;
}

export interface DeployInput {
  checkName: string;
  trustedApp: TrustedApp;
  pullRequests: DeployPullRequest[];
  commitsWithoutPullRequest: UnlinkedCommit[];
  /** The commit deployed. */
  sha: string;
  /** The default branch, then the config's `deploy_branches`. */
  deployBranches: string[];
  /**
   * The deploy branch the commit is on (matched against `scope.branches`); null when it is on none: then
   * it matches every pattern, and wherever the scope requires a change the deploy is refused.
   */
  branch: string | null;
  scope: { branches: string[]; paths: string[] };
  freezeWindows: FreezeWindow[];
  /** The config's `maintenance_windows`: where a change that asks for one may deploy to production. */
  maintenanceWindows: FreezeWindow[];
  /** The environment is one of the config's `production_environments`: only there do maintenance windows and implementation steps owed hold. */
  production: boolean;
  at: Date;
  /** Set when GitHub could not be read completely: the deploy fails closed with this reason. */
  readError: string | null;
}

export type ChangeGateState = 'approved' | 'pending' | 'failed' | 'missing' | 'foreign';

export interface DeployChange {
  pr: number;
  /** `CHG-<year>-<NNN>` from the trusted check run's external_id; null for a PR that is not a change. */
  changeId: string | null;
  headSha: string;
  gate: ChangeGateState;
  /** The trusted run carries the emergency marker (never a label): exempt from freeze windows. */
  emergency: boolean;
  /** The trusted run says the change deploys to production only inside a maintenance window (never the block). */
  maintenance: MaintenanceRequest | null;
  /** One line for people: the check's title, or why it does not count. */
  detail: string;
  /** Link to the trusted check run, when there is one. */
  checkUrl: string | null;
  /** Implementation steps the trusted run says are owed before a production deploy; null when its record cannot be read. */
  stepsOwed?: OwedStep[] | null;
}

export type DeployStatus = 'approved' | 'pending' | 'rejected' | 'frozen' | 'outside_window' | 'error';

export interface DeployDecision {
  allowed: boolean;
  status: DeployStatus;
  reasons: string[];
  changes: DeployChange[];
  /** The freeze window in force, when there is one (also set for an emergency deploy it lets through). */
  freeze: { name: string; endsAt: string } | null;
  /**
   * Set when a change waits for a maintenance window that is not open (status outside_window unless a
   * stronger status applies): the window the deploy waits for, null when none lies ahead.
   */
  maintenance: { next: { name: string; startsAt: string } | null } | null;
}
