import { judgeRequiredCheck } from './judge-required-check.ts';
import type { Readable, RequiredCheckFact } from './repository-facts.ts';

/** What the app can read of a branch's merge requirements with its installation token. */
export interface MergeRequirementFacts {
  /** The active rulesets' required checks on the branch. */
  rulesets: Readable<RequiredCheckFact[]>;
  /** Classic branch protection as a reader sees it: whether the branch is protected, and its required checks. */
  protection: Readable<{ protected: boolean; checks: RequiredCheckFact[] }>;
}

/**
 * The cheap part of `change-gate doctor`, for a change's check output: one paragraph when BRANCH lets a pull
 * request merge without the app's check (not required, or required from any source), else null. Silent when
 * the rules could not be read: a warning is only given for what was seen.
 */
export function mergeRequirementWarning(options: {
  checkName: string;
  app: { slug: string; id: number };
  branch: string;
  repository: string;
  facts: MergeRequirementFacts;
}): string | null {
  const { protection, rulesets } = options.facts;
  if (!rulesets.read || !protection.read) return null;
  const item = judgeRequiredCheck({
    checkName: options.checkName,
    app: options.app,
    branch: options.branch,
    rulesets,
    branchProtection: {
      read: true,
      value: protection.value.protected ? protection.value.checks : null,
    },
  });
  if (item.ok !== false) return null;
  return [
    `> [!WARNING]`,
    `> **This repository does not enforce the gate:** ${item.detail}.`,
    `> To fix it, ${item.fix}. \`change-gate doctor --repo ${options.repository}\` checks everything the procedure needs.`,
  ].join('\n');
}
