import { type DoctorItem, missing, present, unknown } from './doctor-item.ts';
import type { Readable, RequiredCheckFact } from './repository-facts.ts';

/**
 * Whether BRANCH requires the check from the app (pinned to its id): by an active ruleset or classic branch
 * protection. Shared by `change-gate doctor` and the warning in a change's check output.
 */
export function judgeRequiredCheck(options: {
  checkName: string;
  app: { slug: string; id: number | null };
  branch: string;
  rulesets: Readable<RequiredCheckFact[]>;
  branchProtection: Readable<RequiredCheckFact[] | null>;
}): DoctorItem {
  const id = 'required-check';
  const { app, branch } = options;
  const name = options.checkName;
  const appName = `${app.slug}${app.id === null ? '' : ` (app id ${app.id})`}`;
  const fix = `add a branch ruleset on ${branch} with "Require status checks to pass" and the check "${name}" with its source set to ${appName}`;
  if (app.id === null) {
    return missing(
      id,
      `the app ${app.slug} was not found, so no requirement can be pinned to it`,
      `pass --app-id ID (or --app-slug SLUG when the app's name is not change-gate), then ${fix}`,
    );
  }
  const sources: Array<{ where: string; checks: Readable<RequiredCheckFact[] | null> }> = [
    { where: 'a ruleset', checks: options.rulesets },
    { where: 'branch protection', checks: options.branchProtection },
  ];
  const unpinned: string[] = [];
  const unread: string[] = [];
  for (const source of sources) {
    if (!source.checks.read) {
      unread.push(`${source.where}: ${source.checks.reason}`);
      continue;
    }
    for (const check of source.checks.value ?? []) {
      if (check.context !== name) continue;
      if (check.appId === app.id) {
        return present(id, `${source.where} on ${branch} requires "${name}" from ${appName}`);
      }
      unpinned.push(
        `${source.where} requires "${name}" ${check.appId === null ? 'from any source' : `from app id ${check.appId}`}`,
      );
    }
  }
  if (unpinned.length > 0) {
    return missing(
      id,
      `${unpinned.join('; ')}: any app or status named "${name}" could satisfy it`,
      `set the required check's source to ${appName}`,
    );
  }
  if (unread.length === sources.length)
    return unknown(id, `the default branch's rules could not be read (${unread.join('; ')})`, fix);
  return missing(
    id,
    `no active ruleset on ${branch} requires the check "${name}", nor any branch protection that could be read${unread.length > 0 ? ` (not readable: ${unread.join('; ')})` : ''}: a change can merge without approval`,
    fix,
  );
}
