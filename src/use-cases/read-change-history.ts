import type { ChangeFacts } from '../core/decision/change-facts.ts';
import { changeIdOf } from '../core/decision/change-id.ts';
import { type ChangeHistoryRead, readHistory } from '../core/history/read-history.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';
import type { UseCaseDeps } from './use-case-deps.ts';

/** A change's signed history as its facts hold it: only our bot's verified entries of this change count. */
export const readChangeHistory = (options: {
  deps: Pick<UseCaseDeps, 'keys'>;
  ref: ChangeRef;
  facts: Pick<ChangeFacts, 'comments' | 'number' | 'createdAt' | 'repositoryId'>;
  botLogin: string;
}): ChangeHistoryRead =>
  readHistory({
    comments: options.facts.comments,
    botLogin: options.botLogin,
    verifiers: options.deps.keys.verifiers,
    changeId: changeIdOf(options.facts),
    repository: `${options.ref.owner}/${options.ref.repo}`,
    repositoryId: options.facts.repositoryId ?? null,
    number: options.ref.number,
  });
