import { findApp, findRepo } from './seed-helpers.ts';
import type { SimContext } from './sim-context.ts';
import { type RequiredCheck, repositoryRules } from './state/repository-rules.ts';

type CheckSeed = { context: string; app?: string | number };

const toCheck = (ctx: SimContext, check: CheckSeed): RequiredCheck => ({
  context: check.context,
  appId: check.app === undefined ? null : findApp(ctx, check.app).id,
});

/** Seeding: branch rulesets and classic branch protection (what `change-gate doctor` reads). */
export const createProtectionSeedApi = (ctx: () => SimContext) => ({
  /** A branch ruleset (active unless said): required status checks, optionally pinned to an app, and restricted file paths. */
  createRuleset(options: {
    repo: string;
    name: string;
    branches?: string[];
    enforcement?: 'active' | 'evaluate' | 'disabled';
    requiredChecks?: CheckSeed[];
    restrictedFilePaths?: string[];
  }) {
    const c = ctx();
    const rules = repositoryRules(findRepo(c, options.repo));
    const id = 1000 + c.store.nextId();
    rules.rulesets.push({
      id,
      name: options.name,
      enforcement: options.enforcement ?? 'active',
      branches: options.branches ?? ['~DEFAULT_BRANCH'],
      requiredChecks: (options.requiredChecks ?? []).map((check) => toCheck(c, check)),
      restrictedFilePaths: options.restrictedFilePaths ?? [],
    });
    return { id };
  },

  /** Classic branch protection requiring status checks, optionally pinned to an app. */
  protectBranch(options: { repo: string; branch: string; requiredChecks: CheckSeed[]; strict?: boolean }) {
    const c = ctx();
    repositoryRules(findRepo(c, options.repo)).branchProtection.set(options.branch, {
      strict: options.strict ?? true,
      checks: options.requiredChecks.map((check) => toCheck(c, check)),
    });
  },
});
