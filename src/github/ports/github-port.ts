import type { ChangeFacts } from '../../core/decision/change-facts.ts';
import type { CheckRunPlan } from '../../core/decision/check-run-plan.ts';

/** A pull request or issue in one repository. */
export interface ChangeRef {
  owner: string;
  repo: string;
  number: number;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The Change Gate check run as the evaluation wants it to be. */
export type CheckRunWrite = CheckRunPlan;

/** What follows a change's history entries (GitHubPort.writeAfterEntries): each part optional. */
export interface AfterEntriesWrites {
  check?: { id: number; run: CheckRunWrite };
  labels?: string[];
  /** The steps comment: `id` edits it, none posts it. */
  comment?: { id: number; body: string } | { body: string };
  /** A new run of ours, created last, on any commit of the repository (a deployment's voucher). */
  create?: CheckRunWrite;
}

/** A check that does not pass, then history comments, in one request (GitHubPort.writeCheckThenEntries). */
export interface CheckThenEntriesWrites {
  /** `id`: our run on the head, updated; null: a new run created. Never a passing run. */
  check: { id: number | null; run: CheckRunWrite };
  /** The history comments' bodies, posted in this order. */
  entries: string[];
}

export interface LabelInfo {
  name: string;
  color: string;
}

/** The configuration file as found, before the policy loader reads it. */
export interface ConfigSource {
  /** Parsed YAML (with `_extends` resolved), or null when no file exists anywhere. */
  config: unknown;
  /** Where it came from, for messages. */
  files: string[];
  /** Set when a file exists but cannot be read or parsed. */
  error: string | null;
}

/**
 * The one narrow door between Change Gate and GitHub. Everything above it is GitHub-agnostic;
 * the Octokit implementation is `octokit-port.ts`, tests use nock or the simulator behind it.
 */
export interface GitHubPort {
  /** One read of everything about a PR or issue, except team membership. */
  readChange(ref: ChangeRef): Promise<Omit<ChangeFacts, 'teamMembers'>>;
  /** `.github/change-management.yml` of the repository's default branch (org `.github` fallback, `_extends`). */
  readConfig(repo: RepoRef): Promise<ConfigSource>;
  /** Logins of a team's members (nested teams included); null when the team cannot be read. */
  teamMembers(org: string, teamSlug: string): Promise<string[] | null>;
  /**
   * Teams the organisation's next evaluations will likely ask for (the policy's), when none are known yet:
   * their members are then read with the next change's facts, in the same query. Names only, never members.
   */
  expectTeams?(org: string, teamSlugs: readonly string[]): void;
  /** Numbers of the open pull requests whose head is `sha`. */
  openPullRequestsOf(repo: RepoRef, sha: string): Promise<number[]>;
  createCheckRun(repo: RepoRef, run: CheckRunWrite): Promise<{ id: number }>;
  updateCheckRun(repo: RepoRef, id: number, run: CheckRunWrite): Promise<void>;
  /**
   * The writes after a change's history entries, in this order: our check run `check.id` brought to
   * `check.run`, the labels replaced (as setLabels), the implementation-steps comment edited (`id`) or posted,
   * then a new run (`create`).
   * In one GraphQL request holding the mutations in that order, when there are two or more and this port's
   * read of the change (or its own createCheckRun) gave every node id they name; else REST's calls, in the
   * same order. Throws when any write failed, even one of several GitHub answered next to done ones (the
   * caller's retry reads again first: never a blind resend, which could post the comment twice). Optional:
   * a port without it gets each write from the caller.
   */
  writeAfterEntries?(
    ref: ChangeRef,
    writes: AfterEntriesWrites,
  ): Promise<'one request' | 'separate requests'>;
  /**
   * A check that does not pass (`check.id` updated, or a new run), then the history comments posted, in ONE
   * GraphQL request holding the mutations in that order (GitHub runs them so): people and branch protection
   * see the check before an entry it speaks for can exist. Resolves to the run's id and the comments' ids;
   * null, having written nothing, when this port's read of the change (or its own createCheckRun) did not
   * give every node id the request names (an issue, an older answer): the caller then writes the check and
   * the entries itself. Throws when any write failed, even one of several GitHub answered next to done ones
   * (a refused check does not stop the comments after it): the caller's retry reads again first. Optional.
   */
  writeCheckThenEntries?(
    ref: ChangeRef,
    writes: CheckThenEntriesWrites,
  ): Promise<{ checkId: number; commentIds: number[] } | null>;
  /** Replaces the labels of a PR or issue in one call. */
  setLabels(ref: ChangeRef, labels: string[]): Promise<LabelInfo[]>;
  createComment(ref: ChangeRef, body: string): Promise<{ id: number }>;
  updateComment(repo: RepoRef, commentId: number, body: string): Promise<void>;
  /** A comment already gone counts as deleted: two replicas may delete the same duplicate. */
  deleteComment(repo: RepoRef, commentId: number): Promise<void>;
}
