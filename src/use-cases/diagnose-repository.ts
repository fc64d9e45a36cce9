import { type DoctorItem, judgeEnforcement } from '../core/doctor/judge-enforcement.ts';
import type { RepositoryFacts } from '../core/doctor/repository-facts.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { defaultPolicy } from '../core/policy/default-policy.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { RepositorySettingsPort } from '../github/ports/repository-settings-port.ts';
import { readable } from './readable.ts';

/** Where GitHub looks for CODEOWNERS, in its order: the first one found is used. */
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];
const WORKFLOWS = '.github/workflows';

export interface Diagnosis {
  repository: string;
  defaultBranch: string;
  items: DoctorItem[];
}

/**
 * `change-gate doctor`: reads what the procedure's enforcement depends on (config, required check,
 * CODEOWNERS and rulesets, environments' protection rules and deploy workflows, the installation) and
 * judges each item. What could not be read is reported as such, never as missing. Throws only when the
 * repository itself cannot be read.
 */
export async function diagnoseRepository(options: {
  port: RepositorySettingsPort;
  repository: string;
  app: { slug: string; id: number | null };
}): Promise<Diagnosis> {
  const { port } = options;
  const defaultBranch = await port.defaultBranch();
  const [configText, appId] = await Promise.all([
    readable(() => port.readFile(CONFIG_PATH)),
    options.app.id === null
      ? port.appId(options.app.slug).catch(() => null)
      : Promise.resolve(options.app.id),
  ]);
  const loaded = configText.read && configText.value !== null ? loadPolicy(configText.value) : null;
  const policy = loaded?.status === 'valid' ? loaded.policy : defaultPolicy();
  const [rulesets, branchProtection, codeowners, environments, workflows, installationPermissions] =
    await Promise.all([
      readable(() => port.branchRules(defaultBranch)),
      readable(() => port.branchProtectionChecks(defaultBranch)),
      readable(() => firstCodeowners(port)),
      readable(() =>
        Promise.all(
          policy.production_environments.map(async (name) => ({
            name,
            protectionApps: await port.environmentProtectionApps(name),
          })),
        ),
      ),
      readable(() => readWorkflows(port)),
      readable(() => port.installationPermissions()),
    ]);
  const facts: RepositoryFacts = {
    repository: options.repository,
    defaultBranch,
    app: { slug: options.app.slug, id: appId },
    configText,
    rulesets,
    branchProtection,
    codeowners,
    environments,
    workflows,
    installationPermissions,
  };
  return { repository: options.repository, defaultBranch, items: judgeEnforcement(facts) };
}

async function firstCodeowners(port: RepositorySettingsPort): Promise<{ path: string; text: string } | null> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await port.readFile(path);
    if (text !== null) return { path, text };
  }
  return null;
}

async function readWorkflows(port: RepositorySettingsPort): Promise<Array<{ path: string; text: string }>> {
  const names = (await port.listDirectory(WORKFLOWS)) ?? [];
  const files = names.filter((name) => /\.ya?ml$/i.test(name)).slice(0, 100);
  return Promise.all(
    files.map(async (name) => {
      const path = `${WORKFLOWS}/${name}`;
      return { path, text: (await port.readFile(path)) ?? '' };
    }),
  );
}
