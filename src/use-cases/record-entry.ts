import type { ChangeFacts } from '../core/decision/change-facts.ts';
import { changeIdOf } from '../core/decision/change-id.ts';
import { decisionWithoutWrites } from '../core/decision/decision.ts';
import type { DraftEntry } from '../core/history/draft-entry.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import { applyDecision } from './apply-decision.ts';
import { readChangeHistory } from './read-change-history.ts';
import type { UseCaseDeps } from './use-case-deps.ts';

/**
 * Appends one signed entry to a change's history, chained onto what is there now (call it under the change's
 * lock): the REST API's `requested` and `voted` entries, which no evaluation derives from GitHub.
 */
export const recordEntry = async (options: {
  deps: UseCaseDeps;
  port: GitHubPort;
  ref: ChangeRef;
  app: { id: number; botLogin: string };
  facts: Omit<ChangeFacts, 'teamMembers'>;
  draft: (changeId: string) => DraftEntry;
  now: Date;
  /**
   * An issue's status comment to write with it: where the app records the newest entry (a first entry without
   * one reads as a deleted record). Null: leave the status comment as it is.
   */
  statusComment?: string | null;
}): Promise<void> => {
  const { deps, ref, facts, app } = options;
  const changeId = changeIdOf(facts);
  const history = readChangeHistory({ deps, ref, facts, botLogin: app.botLogin });
  await applyDecision({
    port: options.port,
    ref,
    facts: { ...facts, teamMembers: {} },
    decision: {
      ...decisionWithoutWrites({ changeId, status: null, emergency: false, headline: '' }),
      history: [options.draft(changeId)],
      statusComment: options.statusComment ?? null,
    },
    entries: history.entries,
    signer: deps.keys.signer,
    app,
    now: () => options.now,
  });
};
