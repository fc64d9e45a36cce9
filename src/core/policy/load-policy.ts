import { capProblems } from '../validation/cap-problems.ts';
import { toProblems } from '../validation/located-issue.ts';
import { parseYamlSafely, type YamlSource } from '../validation/parse-yaml-safely.ts';
import type { Problem } from '../validation/problem.ts';
import { schemaIssues } from '../validation/schema-issues.ts';
import { schemaErrors } from '../validation/schema-validators.ts';
import { defaultPolicy } from './default-policy.ts';
import { mergeOverDefaults } from './merge-over-defaults.ts';
import type { Policy } from './policy.ts';
import { policyIssues } from './policy-issues.ts';

export type PolicyLoad =
  | { status: 'valid'; policy: Policy; warnings: Problem[] }
  | { status: 'invalid'; problems: Problem[] };

/**
 * The keys of `change_management`: the Policy's, which are the schema's (test/unit/core/validation/schemas.test.ts
 * proves it). Read from the defaults when first needed (for a key misplaced at the root), not from the schema's
 * JSON: the action's bundle then holds no copy of the schema besides its validators.
 */
let policyKeys: ReadonlySet<string> | null = null;
function isPolicyKey(key: string): boolean {
  policyKeys ??= new Set(Object.keys(defaultPolicy()));
  return policyKeys.has(key);
}
/** Config files are small; this bounds what a hostile one can cost. */
const MAX_CONFIG_CHARS = 262_144;

/**
 * Loads the `change_management:` policy from the config file's parsed object (what Probot's
 * `context.config` returns; null or undefined when there is no file) or from its YAML text (then
 * problems carry lines and columns). Validates against `schemas/config.schema.json` (unknown keys
 * are rejected with their path), merges over the procedure's defaults key by key, fills the defaults of
 * list entries, and checks references between keys. Never throws on bad input.
 */
export function loadPolicy(input: unknown): PolicyLoad {
  let root: unknown = input;
  let source: YamlSource | null = null;
  if (typeof input === 'string') {
    const parsed = parseYamlSafely(input, { maxChars: MAX_CONFIG_CHARS });
    if (parsed.status === 'error') return { status: 'invalid', problems: capProblems(parsed.problems) };
    root = parsed.value;
    source = parsed.source;
  }
  root ??= {};
  const schemaProblems = schemaIssues(schemaErrors('config', root), {
    rootKeyHint: (key) => (isPolicyKey(key) ? `${key} belongs under change_management:` : null),
  });
  if (schemaProblems.length > 0)
    return { status: 'invalid', problems: capProblems(toProblems(schemaProblems, source)) };
  const configured = (root as { change_management?: unknown }).change_management;
  const policy = withEntryDefaults(mergeOverDefaults(defaultPolicy(), configured));
  const problems = toProblems(policyIssues(policy), source);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) return { status: 'invalid', problems: capProblems(problems) };
  return { status: 'valid', policy, warnings: problems };
}

/** Defaults inside list entries and map values, which a key-by-key merge cannot reach. */
function withEntryDefaults(policy: Policy): Policy {
  for (const [role, holders] of Object.entries(policy.roles)) {
    policy.roles[role] = { teams: holders.teams ?? [], users: holders.users ?? [] };
  }
  policy.pre_approved = policy.pre_approved.map((entry) => ({
    ...entry,
    change_types: entry.change_types ?? [],
    max_risk_level: entry.max_risk_level ?? 'low',
    paths: entry.paths ?? [],
  }));
  policy.freeze_windows = policy.freeze_windows.map((window) => ({
    ...window,
    timezone: window.timezone ?? 'UTC',
  }));
  policy.maintenance_windows = policy.maintenance_windows.map((window) => ({
    ...window,
    timezone: window.timezone ?? 'UTC',
  }));
  return policy;
}
