import type { CommentFact } from '../decision/change-facts.ts';
import { changeIdOf } from '../decision/change-id.ts';
import type { HistoryVerifier } from '../history/create-verifier.ts';
import { readHistory } from '../history/read-history.ts';
import type { ReportChange } from './report.ts';

/**
 * One change as reports and audits read it: its ID (from its creation time and number) and its history
 * verified with the given public keys only. Pure.
 */
export const reportChangeOf = (options: {
  repository: string;
  /** `repositoryId`: the repository's numeric id when the reader knows it (see readHistory); else by name. */
  change: {
    number: number;
    createdAt: string;
    comments: readonly CommentFact[];
    repositoryId?: number | null | undefined;
  };
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
}): ReportChange => {
  const { repository, change } = options;
  const changeId = changeIdOf(change);
  const history = readHistory({
    comments: change.comments,
    botLogin: options.botLogin,
    verifiers: options.verifiers,
    changeId,
    repository,
    repositoryId: change.repositoryId ?? null,
    number: change.number,
  });
  return { repository, number: change.number, changeId, history };
};
