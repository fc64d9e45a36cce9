import { changeIdOf } from '../core/decision/change-id.ts';
import { checkForCommit } from '../core/decision/check-for-commit.ts';
import type { Decision } from '../core/decision/decision.ts';
import { evaluateChange } from '../core/decision/evaluate-change.ts';
import { teamsToRead } from '../core/decision/teams-to-read.ts';
import { readHistory } from '../core/history/read-history.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy, type PolicyLoad } from '../core/policy/load-policy.ts';
import type { ChangeRef, ConfigSource, GitHubPort } from '../github/ports/github-port.ts';
import { type ApplyReport, applyDecision } from './apply-decision.ts';
import { changeLockKey } from './change-lock-key.ts';
import type { UseCaseDeps } from './use-case-deps.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface ReconcileChangeOptions {
  deps: UseCaseDeps;
  port: GitHubPort;
  log: Pick<UseCaseLog, 'info'>;
  ref: ChangeRef;
  /** Who caused the event. */
  actor: string;
}

/**
 * Brings one change request on GitHub in line with its evaluation:
 * 1. read the facts, the config and the teams its roles name (one GraphQL read, conditional team reads);
 * 2. evaluate (pure);
 * 3. apply the writes that differ.
 * Serialised per change, so racing webhooks see each other's writes.
 */
export const reconcileChange = async (options: ReconcileChangeOptions): Promise<Decision> => {
  const { deps, ref, port } = options;
  return deps.lock.run(changeLockKey(ref), async () => {
    const [facts, config, app] = await Promise.all([
      port.readChange(ref),
      port.readConfig(ref),
      deps.identity(),
    ]);
    const policy = policyOf(config);
    const teamMembers = await readTeams({
      port,
      owner: ref.owner,
      ownerIsOrg: facts.ownerIsOrg,
      teams: teamsToRead({ policy, body: facts.body, labels: facts.labels, merged: facts.merged }),
    });
    const history = readHistory({
      comments: facts.comments,
      botLogin: app.botLogin,
      verifiers: deps.keys.verifiers,
      changeId: changeIdOf(facts),
      repository: `${ref.owner}/${ref.repo}`,
      number: ref.number,
    });
    const now = deps.now();
    const decision = evaluateChange({
      facts: { ...facts, teamMembers },
      policy,
      history,
      app,
      actor: options.actor,
      now,
    });
    const check = checkForCommit({ pulls: [{ number: ref.number, decision }] });
    const report = await applyDecision({
      port,
      ref,
      facts: { ...facts, teamMembers },
      decision: { ...decision, check },
      entries: history.entries,
      signer: deps.keys.signer,
      app,
      // Entries carry the time of the evaluation that decided them, so every later evaluation agrees with it.
      now: () => now,
    });
    logOutcome(options.log, { ref, decision, report });
    return decision;
  });
};

const policyOf = (config: ConfigSource): PolicyLoad =>
  config.error
    ? {
        status: 'invalid',
        problems: [
          {
            message: `${CONFIG_PATH} cannot be read: ${config.error}`,
            line: 0,
            column: 0,
            severity: 'error',
          },
        ],
      }
    : loadPolicy(config.config);

const readTeams = async (options: {
  port: GitHubPort;
  owner: string;
  ownerIsOrg: boolean;
  teams: string[];
}): Promise<Record<string, string[] | null>> => {
  // A user account has no teams: roles there are held by the users listed in `roles:`.
  if (!options.ownerIsOrg) return Object.fromEntries(options.teams.map((team) => [team, null]));
  const members = await Promise.all(
    options.teams.map((team) => options.port.teamMembers(options.owner, team)),
  );
  return Object.fromEntries(options.teams.map((team, index) => [team, members[index] ?? null]));
};

const logOutcome = (
  log: Pick<UseCaseLog, 'info'>,
  options: { ref: ChangeRef; decision: Decision; report: ApplyReport },
): void => {
  const { ref, decision, report } = options;
  log.info(
    {
      change: decision.changeId,
      status: decision.status,
      check: report.check,
      labels: report.labels,
      entries: report.entries,
      deleted: report.deleted,
    },
    `${ref.owner}/${ref.repo}#${ref.number}: ${decision.headline}`,
  );
};
