import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { type ConfigLocation, ConfigResolveError, resolveConfig } from '../core/policy/resolve-config.ts';
import { resolvedConfigText } from '../core/policy/resolved-config-text.ts';
import type { Report } from '../core/report/report.ts';
import { createReportAccumulator } from '../core/report/report-accumulator.ts';
import { reportChangeOf } from '../core/report/report-change-of.ts';
import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import { TREND_MONTHS, trendMonths } from '../core/report/report-trend.ts';
import type { ChangeSearchQuery, ReportScope, ReportSourcePort } from '../github/ports/report-source-port.ts';
import { type ReadProgress, readChangesWindowed } from './read-changes-windowed.ts';

/** A config of the scope does not load: a report cannot tell its changes or its targets. */
export class ReportConfigError extends Error {}

/** A search returned a change of a repository the listing did not have: its label is unknown. */
export class UnknownRepositoryError extends Error {}

interface LabelGroup {
  label: string;
  /** Lower-cased names of the repositories whose config names this label. */
  repositories: Set<string>;
}

/** A repository's config as the app reads it: the policy, the files that hold it, and its text (see `resolvedConfigText`). */
export interface RepositoryConfig {
  policy: Policy;
  /** `owner/repo:path`, the repository's own (or its owner's `.github`) first; empty when none exists. */
  files: string[];
  text: string | null;
}

/**
 * The policy of one repository exactly as the app reads it (`resolveConfig`: its own file, else its owner's
 * `.github` repository's, then `_extends`), from the text the listing already holds and other files read once.
 */
const policyReader = (port: ReportSourcePort) => {
  const files = new Map<string, Promise<string | null>>();
  const keyOf = (location: ConfigLocation) =>
    `${location.owner}/${location.repo}:${location.path}`.toLowerCase();
  const configOf = async (owner: string, repo: string): Promise<RepositoryConfig> => {
    const texts: string[] = [];
    const read = async (location: ConfigLocation) => {
      const key = keyOf(location);
      let text = files.get(key);
      if (text === undefined) {
        text = port.readConfigFile(location);
        files.set(key, text);
      }
      const found = await text;
      if (found !== null) texts.push(found);
      return found;
    };
    let resolved: Awaited<ReturnType<typeof resolveConfig>>;
    try {
      resolved = await resolveConfig({ owner, repo, path: CONFIG_PATH, read });
    } catch (error) {
      if (error instanceof ConfigResolveError)
        throw new ReportConfigError(`the config of ${owner}/${repo} cannot be read: ${error.message}`);
      throw error;
    }
    const loaded = loadPolicy(resolved.config);
    if (loaded.status === 'invalid')
      throw new ReportConfigError(
        `${resolved.files[0] ?? `${owner}/${repo}:${CONFIG_PATH}`} is not valid: ${loaded.problems
          .filter((problem) => problem.severity === 'error')
          .map((problem) => problem.message)
          .join('; ')}`,
      );
    return { policy: loaded.policy, files: resolved.files, text: resolvedConfigText({ resolved, texts }) };
  };
  return {
    know(location: ConfigLocation, text: string | null) {
      files.set(keyOf(location), Promise.resolve(text));
    },
    configOf,
    policyOf: async (owner: string, repo: string): Promise<Policy> => (await configOf(owner, repo)).policy,
  };
};

/** The times a report reads: from the period's (or the trend's first month's) start to the later end. */
export const reportReadRange = (
  input: ReportPeriodInput,
  months = TREND_MONTHS,
): { from: number; to: number } => {
  const period = reportPeriod(input);
  const trend = trendMonths(period, months);
  return {
    from: Math.min(period.from, (trend[0] as { from: number }).from),
    to: Math.max(period.to, (trend.at(-1) as { to: number }).to),
  };
};

/** One repository's config as the app reads it (its own file, else its owner's `.github`, `_extends`). */
export const readRepositoryConfig = async (options: {
  port: ReportSourcePort;
  owner: string;
  repo: string;
}): Promise<RepositoryConfig> => {
  const { port, owner, repo } = options;
  const policies = policyReader(port);
  const page = await port.repositories({ kind: 'repository', owner, repo }, null);
  for (const repository of page.repositories)
    policies.know({ owner, repo: repository.name, path: CONFIG_PATH }, repository.configText);
  return policies.configOf(owner, repo);
};

/** One repository's policy as the app reads it (its own config, else its owner's `.github`, `_extends`). */
export const readRepositoryPolicy = async (options: {
  port: ReportSourcePort;
  owner: string;
  repo: string;
}): Promise<Policy> => (await readRepositoryConfig(options)).policy;

/**
 * The report of a scope (one repository, or every repository of an account the token sees) for a period,
 * from GitHub:
 * 1. each repository's config gives its change label (its own file, else the owner's `.github`, as the app
 *    reads it); the targets are the repository's for one repository, and the owner's `.github` repository's
 *    (else the procedure's) for an account;
 * 2. for each label, every change so labelled, created before the end of the period (or of the trend's last
 *    month) and updated since the period (or the trend's first month) began, is read page by page in creation
 *    windows of at most 1,000 (`readChangesWindowed`), each history verified with the given public keys only,
 *    added to the report and let go; a change updated earlier has no entry in the period or the trend;
 * 3. the report is finished once every page was read; any read that cannot be whole throws.
 */
export const buildScopeReport = async (options: {
  port: ReportSourcePort;
  scope: ReportScope;
  period: ReportPeriodInput;
  /** The app's bot login as REST spells it, e.g. `change-gate[bot]`. */
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
  trendMonths?: number;
  onProgress?: (progress: ReadProgress) => void;
}): Promise<Report> => {
  const { port, scope } = options;
  const { from: readStart, to: readEnd } = reportReadRange(
    options.period,
    options.trendMonths ?? TREND_MONTHS,
  );

  // 1. The repositories, their labels, the targets.
  const policies = policyReader(port);
  const groups = new Map<string, LabelGroup>();
  const labelOf = new Map<string, string>();
  let ownerKind: 'Organization' | 'User' = 'Organization';
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<ReportSourcePort['repositories']>> = await port.repositories(scope, after);
    after = page.next;
    ownerKind = page.ownerKind;
    for (const repository of page.repositories)
      policies.know({ owner: scope.owner, repo: repository.name, path: CONFIG_PATH }, repository.configText);
    for (const repository of page.repositories) {
      const { label } = await policies.policyOf(scope.owner, repository.name);
      const key = label.toLowerCase();
      const group = groups.get(key) ?? { label, repositories: new Set<string>() };
      group.repositories.add(repository.name.toLowerCase());
      groups.set(key, group);
      labelOf.set(repository.name.toLowerCase(), key);
    }
  } while (after !== null);
  const targetsFrom = scope.kind === 'repository' ? scope.repo : '.github';
  const { targets } = (await policies.policyOf(scope.owner, targetsFrom)).metrics;

  // 2. The changes of each label, page by page.
  const accumulator = createReportAccumulator({
    period: options.period,
    targets,
    trendMonths: options.trendMonths ?? TREND_MONTHS,
  });
  const progress: ReadProgress = { pages: 0, changes: 0, total: null };
  for (const [key, group] of groups) {
    const only = group.repositories.size === 1 ? [...group.repositories][0] : undefined;
    const where: ChangeSearchQuery['where'] =
      scope.kind === 'repository'
        ? { repository: `${scope.owner}/${scope.repo}` }
        : only !== undefined
          ? { repository: `${scope.owner}/${only}` }
          : { owner: scope.owner, ownerKind };
    const pages = readChangesWindowed({
      port,
      query: { where, label: group.label, updatedSince: new Date(readStart).toISOString() },
      anchor: readStart,
      createdBefore: readEnd,
      progress,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    for await (const changes of pages) {
      for (const change of changes) {
        const [owner = '', name = ''] = change.repository.split('/');
        const labelKey =
          owner.toLowerCase() === scope.owner.toLowerCase() ? labelOf.get(name.toLowerCase()) : undefined;
        if (labelKey === undefined)
          throw new UnknownRepositoryError(
            `GitHub's search returned ${change.repository}#${change.number}, of a repository its listing did not: run the report again`,
          );
        // Labelled so in a repository whose config names another label: not a change there.
        if (labelKey !== key) continue;
        accumulator.add(
          reportChangeOf({
            repository: change.repository,
            change,
            botLogin: options.botLogin,
            verifiers: options.verifiers,
          }),
        );
      }
    }
  }

  // 3. The report.
  return accumulator.finish();
};
