import type { RequiredCheckFact } from '../../core/doctor/repository-facts.ts';

/**
 * Reads a repository's settings for `change-gate doctor`, with whatever token the user has. Each method
 * answers null for "there is none" (GitHub's 404) and throws for anything it could not read (403, 5xx,
 * a connection error): the use case reports those as "could not be checked", never as missing.
 * Implemented with Octokit in `src/github/octokit/octokit-repository-settings-port.ts`.
 */
export interface RepositorySettingsPort {
  /** The repository's default branch; throws when the repository cannot be read. */
  defaultBranch(): Promise<string>;
  /** A file's text on the default branch; null when absent. */
  readFile(path: string): Promise<string | null>;
  /** The file names in a directory on the default branch; null when absent. */
  listDirectory(path: string): Promise<string[] | null>;
  /** The active rulesets' rules on BRANCH: required checks and restricted file paths. */
  branchRules(
    branch: string,
  ): Promise<{ requiredChecks: RequiredCheckFact[]; restrictedFilePaths: string[] }>;
  /** Classic branch protection's required checks on BRANCH; null when the branch is not protected. */
  branchProtectionChecks(branch: string): Promise<RequiredCheckFact[] | null>;
  /**
   * What anyone who can read BRANCH sees of its classic protection: whether it is protected and the checks it
   * requires (with the app each is pinned to). Needs no admin access, unlike `branchProtectionChecks`.
   */
  branchProtectionSummary(branch: string): Promise<{ protected: boolean; checks: RequiredCheckFact[] }>;
  /** The apps whose custom deployment protection rule guards ENVIRONMENT; null when it does not exist. */
  environmentProtectionApps(environment: string): Promise<Array<{ id: number; slug: string }> | null>;
  /** An app's id from its slug (GitHub's public app page); null when no app has that slug. */
  appId(slug: string): Promise<number | null>;
  /** The app's installation permissions on the repository; null when not installed. Throws when unreadable (a user token usually cannot). */
  installationPermissions(): Promise<Record<string, string> | null>;
}
