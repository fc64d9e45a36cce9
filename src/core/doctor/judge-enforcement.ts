import { CONFIG_PATH } from '../policy/config-path.ts';
import { defaultPolicy } from '../policy/default-policy.ts';
import { loadPolicy } from '../policy/load-policy.ts';
import type { Policy } from '../policy/policy.ts';
import { codeownersOf } from './codeowners-covers.ts';
import { type DoctorItem, missing, present, unknown } from './doctor-item.ts';
import { judgeRequiredCheck } from './judge-required-check.ts';
import type { RepositoryFacts } from './repository-facts.ts';

export type { DoctorItem, DoctorItemId } from './doctor-item.ts';

/** The permissions app.yml asks for: an installation granted less cannot do its part. */
export const REQUIRED_PERMISSIONS: Readonly<Record<string, 'read' | 'write'>> = {
  actions: 'read',
  checks: 'write',
  contents: 'read',
  deployments: 'write',
  issues: 'write',
  pull_requests: 'write',
  members: 'read',
  metadata: 'read',
  statuses: 'read',
};

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };
/** `uses: <owner>/<repo containing change-gate>/action@ref` (or a local `./…change-gate…/action`). */
const USES_ACTION =
  /^[ \t-]*uses:[ \t]*["']?[^\s"'#]*change-gate[^\s"'#]*\/action(?:@[^\s"'#]+)?["']?[ \t]*(?:#.*)?$/im;

/** Judges each item of `change-gate doctor` from the facts read. Pure. */
export function judgeEnforcement(facts: RepositoryFacts): DoctorItem[] {
  const { item: config, policy } = judgeConfig(facts);
  return [
    config,
    judgeRequiredCheck({
      checkName: policy.check_name,
      app: facts.app,
      branch: facts.defaultBranch,
      rulesets: facts.rulesets.read
        ? { read: true, value: facts.rulesets.value.requiredChecks }
        : facts.rulesets,
      branchProtection: facts.branchProtection,
    }),
    judgeConfigProtected(facts),
    judgeDeployGate(facts),
    judgePermissions(facts),
  ];
}

function judgeConfig(facts: RepositoryFacts): { item: DoctorItem; policy: Policy } {
  const id = 'config';
  if (!facts.configText.read) {
    return {
      item: unknown(id, `${CONFIG_PATH} could not be read: ${facts.configText.reason}`),
      policy: defaultPolicy(),
    };
  }
  const text = facts.configText.value;
  if (text === null) {
    return {
      item: missing(
        id,
        `no ${CONFIG_PATH} on the default branch (${facts.defaultBranch}): the procedure's defaults apply, or an organisation-wide file`,
        `add ${CONFIG_PATH} to ${facts.defaultBranch} (start from the procedure's config in the README) and check it with change-gate validate`,
      ),
      policy: defaultPolicy(),
    };
  }
  const loaded = loadPolicy(text);
  if (loaded.status === 'invalid') {
    const first = loaded.problems
      .slice(0, 3)
      .map((problem) => `${problem.line}:${problem.column}: ${problem.message}`)
      .join('; ');
    return {
      item: missing(
        id,
        `${CONFIG_PATH} on ${facts.defaultBranch} is not valid (${first}): the app refuses every change until it is fixed`,
        `run change-gate validate ${CONFIG_PATH} and fix each problem`,
      ),
      policy: defaultPolicy(),
    };
  }
  return { item: present(id, `${CONFIG_PATH} on ${facts.defaultBranch} is valid`), policy: loaded.policy };
}

function judgeConfigProtected(facts: RepositoryFacts): DoctorItem {
  const id = 'config-protected';
  const fix = `add "/${CONFIG_PATH} @org/change-managers" (the team that owns the procedure) to .github/CODEOWNERS and require code owner review, or restrict the path with a ruleset`;
  if (
    facts.rulesets.read &&
    facts.rulesets.value.restrictedFilePaths.some(
      (path) => codeownersOf(`${path} @x`, CONFIG_PATH).length > 0,
    )
  ) {
    return present(id, `a ruleset restricts ${CONFIG_PATH}`);
  }
  if (!facts.codeowners.read)
    return unknown(id, `CODEOWNERS could not be read: ${facts.codeowners.reason}`, fix);
  const file = facts.codeowners.value;
  if (file === null)
    return missing(
      id,
      `no CODEOWNERS file and no ruleset restricting ${CONFIG_PATH}: anyone with write access can lower the bar`,
      fix,
    );
  const owners = codeownersOf(file.text, CONFIG_PATH);
  if (owners.length === 0)
    return missing(
      id,
      `${file.path} gives ${CONFIG_PATH} no owner: anyone with write access can lower the bar`,
      fix,
    );
  return present(id, `${file.path} gives ${CONFIG_PATH} to ${owners.join(', ')}`);
}

function judgeDeployGate(facts: RepositoryFacts): DoctorItem {
  const id = 'deploy-gate';
  const fix = `enable the ${facts.app.slug} deployment protection rule on each production environment (Settings → Environments), or add the action (uses: …/change-gate/action@v1, command: gate) to the deploy workflow`;
  const calling = facts.workflows.read
    ? facts.workflows.value
        .filter((workflow) => USES_ACTION.test(workflow.text))
        .map((workflow) => workflow.path)
    : [];
  if (!facts.environments.read) {
    if (calling.length > 0) return present(id, `${calling.join(', ')} call the action`);
    return unknown(id, `the environments could not be read: ${facts.environments.reason}`, fix);
  }
  const unguarded: string[] = [];
  const guarded: string[] = [];
  for (const environment of facts.environments.value) {
    const apps = environment.protectionApps;
    const byApp = apps?.some((app) => app.id === facts.app.id || app.slug === facts.app.slug) ?? false;
    if (byApp) guarded.push(environment.name);
    else unguarded.push(apps === null ? `${environment.name} (no such environment)` : environment.name);
  }
  if (unguarded.length === 0)
    return present(id, `the protection rule of ${facts.app.slug} guards ${guarded.join(', ')}`);
  if (calling.length > 0)
    return present(
      id,
      `${calling.join(', ')} call the action (no protection rule on ${unguarded.join(', ')})`,
    );
  const workflows = facts.workflows.read
    ? 'no workflow calls the action'
    : `the workflows could not be read (${facts.workflows.reason})`;
  return missing(
    id,
    `no protection rule of ${facts.app.slug} on ${unguarded.join(', ')} and ${workflows}: a deploy is not gated`,
    fix,
  );
}

function judgePermissions(facts: RepositoryFacts): DoctorItem {
  const id = 'app-permissions';
  const fix = `check the installation's permissions in the organisation's Settings → GitHub Apps → ${facts.app.slug}; it needs ${Object.entries(
    REQUIRED_PERMISSIONS,
  )
    .map(([name, level]) => `${name}: ${level}`)
    .join(', ')}`;
  if (!facts.installationPermissions.read)
    return unknown(
      id,
      `the installation could not be read with this token (${facts.installationPermissions.reason})`,
      fix,
    );
  const granted = facts.installationPermissions.value;
  if (granted === null)
    return missing(
      id,
      `${facts.app.slug} is not installed on ${facts.repository}`,
      `install ${facts.app.slug} on ${facts.repository}`,
    );
  const lacking = Object.entries(REQUIRED_PERMISSIONS).filter(
    ([name, level]) => (LEVEL[granted[name] ?? ''] ?? 0) < LEVEL[level]!,
  );
  if (lacking.length === 0) return present(id, `the installation grants every permission the app needs`);
  return missing(
    id,
    `the installation lacks ${lacking.map(([name, level]) => `${name}: ${level}${granted[name] ? ` (has ${granted[name]})` : ''}`).join(', ')}`,
    `accept the app's requested permissions (Settings → GitHub Apps → ${facts.app.slug} → review request)`,
  );
}
