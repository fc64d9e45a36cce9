/** A status check a ruleset or branch protection requires; `appId` is the app it is pinned to (null: any source). */
export interface RequiredCheckFact {
  context: string;
  appId: number | null;
}

/** What could be read, or why not (a permission the token lacks, a 5xx): never a guess. */
export type Readable<T> = { read: true; value: T } | { read: false; reason: string };

/** Everything `change-gate doctor` judges, as read from GitHub. Gathered by `diagnoseRepository`. */
export interface RepositoryFacts {
  /** `owner/name`. */
  repository: string;
  defaultBranch: string;
  /** The app whose check must be required: its slug, and its id when known (given, or read from /apps/{slug}). */
  app: { slug: string; id: number | null };
  /** `.github/change-management.yml` on the default branch; null when absent. */
  configText: Readable<string | null>;
  /** The active rulesets' rules on the default branch. */
  rulesets: Readable<{ requiredChecks: RequiredCheckFact[]; restrictedFilePaths: string[] }>;
  /** Classic branch protection's required checks on the default branch; null when the branch has none. */
  branchProtection: Readable<RequiredCheckFact[] | null>;
  /** The first CODEOWNERS file GitHub would use (.github/, root, docs/); null when there is none. */
  codeowners: Readable<{ path: string; text: string } | null>;
  /** Each production environment: null when it does not exist, else the apps whose protection rule guards it. */
  environments: Readable<Array<{ name: string; protectionApps: Array<{ id: number; slug: string }> | null }>>;
  /** The workflows in .github/workflows (YAML files), with their text. */
  workflows: Readable<Array<{ path: string; text: string }>>;
  /** The app's installation on the repository: its permissions. Often not readable with a user token. */
  installationPermissions: Readable<Record<string, string> | null>;
}
