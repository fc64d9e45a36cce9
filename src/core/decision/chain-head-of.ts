import { CHAIN_HEAD_PREFIX, readChainHead } from '../history/chain-head-marker.ts';
import { HISTORY_MARKER_PREFIX } from '../history/history-marker.ts';
import type { RecordedHead } from '../history/tamper-findings.ts';
import { STEPS_COMMENT_PREFIX } from '../steps/steps-comment-marker.ts';
import type { ChangeFacts } from './change-facts.ts';

/** `owner/repo#number`: how the chain-head marker names a change. */
export const chainHeadName = (facts: Pick<ChangeFacts, 'owner' | 'repo' | 'number'>): string =>
  `${facts.owner}/${facts.repo}#${facts.number}`;

/**
 * The newest history entry as the app last recorded it, where only the app writes:
 * - a pull request: the latest run of our own app on the head commit whose summary names this change (no
 *   one else can write a run of ours; a new head has none yet, so there is nothing to compare: null);
 * - an issue: our bot's comment naming it (the status comment). An admin can edit or delete that one, but it
 *   is the only place on an issue that is ours (an issue has no commit to hang a check run on); when it is
 *   gone, that is a finding (`missing`).
 */
export const chainHeadOf = (
  facts: Pick<ChangeFacts, 'kind' | 'owner' | 'repo' | 'number' | 'headSha' | 'checkRuns' | 'comments'>,
  app: { id: number; botLogin: string },
): RecordedHead => {
  const name = chainHeadName(facts);
  if (facts.kind === 'pull_request') {
    const ours = facts.checkRuns
      .filter((run) => run.appId === app.id && run.headSha === facts.headSha)
      .sort((a, b) => b.id - a.id);
    for (const run of ours) {
      const head = readChainHead(run.outputSummary, name);
      if (head !== null) return head;
    }
    return null;
  }
  const bot = app.botLogin.toLowerCase();
  const ours = facts.comments.filter(
    (comment) => comment.authorIsBot && String(comment.author).toLowerCase() === bot,
  );
  const heads = ours.map((comment) => readChainHead(comment.body, name)).filter((head) => head !== null);
  if (heads.length > 0) return heads.at(-1)!;
  // Our comments are history entries, the status comment and the steps comment. A status comment written before heads were
  // recorded carries no head at all: nothing to compare yet. (Whoever could strip the head from it could as
  // well rewrite it: on an issue nothing stops an admin, see above.)
  const legacy = ours.some(
    (comment) =>
      !comment.body.includes(HISTORY_MARKER_PREFIX) &&
      !comment.body.includes(CHAIN_HEAD_PREFIX) &&
      !comment.body.startsWith(STEPS_COMMENT_PREFIX),
  );
  return legacy ? null : 'missing';
};
