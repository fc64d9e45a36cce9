import type { Repo } from './types.ts';

/** A status check a ruleset or branch protection requires; `appId` pins it to one app (GitHub's integration id). */
export interface RequiredCheck {
  context: string;
  appId: number | null;
}

/** A branch ruleset of a repository: the rules the simulator serves (required checks, restricted file paths). */
export interface Ruleset {
  id: number;
  name: string;
  enforcement: 'active' | 'evaluate' | 'disabled';
  /** Branch names, or `~DEFAULT_BRANCH` / `~ALL`, as a ruleset's `ref_name.include` holds them. */
  branches: string[];
  requiredChecks: RequiredCheck[];
  restrictedFilePaths: string[];
}

/** A repository's rulesets and classic branch protections (required status checks only). */
export interface RepositoryRules {
  rulesets: Ruleset[];
  branchProtection: Map<string, { strict: boolean; checks: RequiredCheck[] }>;
}

const rulesByRepo = new WeakMap<Repo, RepositoryRules>();

/** The rules of a repository; created empty on first use. */
export const repositoryRules = (repo: Repo): RepositoryRules => {
  let rules = rulesByRepo.get(repo);
  if (!rules) {
    rules = { rulesets: [], branchProtection: new Map() };
    rulesByRepo.set(repo, rules);
  }
  return rules;
};

/** The active rulesets that apply to BRANCH. */
export const rulesetsOfBranch = (repo: Repo, branch: string): Ruleset[] =>
  repositoryRules(repo).rulesets.filter(
    (ruleset) =>
      ruleset.enforcement === 'active' &&
      ruleset.branches.some(
        (name) =>
          name === '~ALL' ||
          name === branch ||
          name === `refs/heads/${branch}` ||
          (name === '~DEFAULT_BRANCH' && branch === repo.defaultBranch),
      ),
  );
