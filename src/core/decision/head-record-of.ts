import type { ChangeFacts } from './change-facts.ts';
import { type HeadRecord, readHeadRecords } from './head-records-marker.ts';

/**
 * Since when this pull request has had its head commit as head, as the app saw it: the record our latest
 * run on that commit keeps for it, while no force-push happened since; otherwise a new one, from now (the
 * highest comment id read now). Null for an issue or a PR without a head.
 */
export const headRecordOf = (options: {
  facts: Pick<ChangeFacts, 'kind' | 'number' | 'headSha' | 'checkRuns' | 'comments' | 'lastForcePush'>;
  app: { id: number };
  checkName: string;
}): HeadRecord | null => {
  const { facts } = options;
  if (facts.kind !== 'pull_request' || !facts.headSha) return null;
  const forcePush = facts.lastForcePush?.id ?? null;
  const ours = facts.checkRuns
    .filter(
      (run) =>
        run.appId === options.app.id && run.name === options.checkName && run.headSha === facts.headSha,
    )
    .sort((a, b) => b.id - a.id)[0];
  const kept = readHeadRecords(ours?.outputSummary ?? null).find(
    (record) => record.number === facts.number && record.forcePush === forcePush,
  );
  if (kept) return kept;
  const afterComment = facts.comments.reduce((max, comment) => Math.max(max, comment.id), 0);
  return { number: facts.number, forcePush, afterComment };
};
