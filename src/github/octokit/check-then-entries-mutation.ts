import type { CheckThenEntriesWrites } from '../ports/github-port.ts';
import type { WriteIds } from './after-entries-mutation.ts';
import { checkRunInput } from './check-run-input.ts';

/** What one CheckThenEntries document holds: the check created or updated, then `entries` comments. */
export interface CheckThenEntriesParts {
  check: 'create' | 'update';
  entries: number;
}

/** The operation's name (request logs, metrics and the simulator's faults name it). */
export const CHECK_THEN_ENTRIES_OPERATION = 'CheckThenEntries';

/** The alias of the `index`th history comment's addComment (one document may post several). */
export const entryAlias = (index: number): string => `entry${index}`;

/**
 * A check that does not pass, then a change's history comments, in one request: GitHub runs a document's
 * mutations one after another in the order written, so the check is on GitHub before any entry it speaks
 * for, and a failed entry leaves that check (not passing, due) behind. A passing check is never in it: it
 * follows its entries alone. A refused check does not stop the comments (its error sits next to their data):
 * the change then shows its run from before while the entry is written, until its next evaluation writes the
 * check (a refusal is not retried at once; a 5xx is). Entries of one comment only (checkThenEntriesVariables
 * says null otherwise): a failed first comment next to a posted second would leave a gap in the chain.
 * see: https://docs.github.com/graphql/reference/mutations#createcheckrun
 * see: https://docs.github.com/graphql/reference/mutations#updatecheckrun
 * see: https://docs.github.com/graphql/reference/mutations#addcomment
 */
export const checkThenEntriesMutation = (parts: CheckThenEntriesParts): string => {
  const variables =
    parts.check === 'create' ? ['$check: CreateCheckRunInput!'] : ['$check: UpdateCheckRunInput!'];
  const fields =
    parts.check === 'create'
      ? ['createCheckRun(input: $check) { checkRun { id databaseId } }']
      : ['updateCheckRun(input: $check) { checkRun { id databaseId } }'];
  for (let index = 0; index < parts.entries; index++) {
    const alias = entryAlias(index);
    variables.push(`$${alias}: AddCommentInput!`);
    fields.push(`${alias}: addComment(input: $${alias}) { commentEdge { node { databaseId } } }`);
  }
  return `
mutation ${CHECK_THEN_ENTRIES_OPERATION}(${variables.join(', ')}) {
  ${fields.join('\n  ')}
}`;
};

type CheckRunAnswer = { checkRun?: { id?: string; databaseId?: number } | null } | null;

export type CheckThenEntriesResult = {
  createCheckRun?: CheckRunAnswer;
  updateCheckRun?: CheckRunAnswer;
} & Record<string, { commentEdge?: { node?: { databaseId?: number } | null } | null } | null | undefined>;

/**
 * The parts and variables of a CheckThenEntries document, or null when an id it would name is unknown (an
 * issue: no pull request id; a run neither read nor created by this port; an older answer without ids) or the
 * entries are not exactly one comment.
 */
export const checkThenEntriesVariables = (options: {
  ids: WriteIds | null | undefined;
  /** Node ids of check runs this port created, by database id. */
  createdRuns?: ReadonlyMap<number, string>;
  writes: CheckThenEntriesWrites;
  now: Date;
}): { parts: CheckThenEntriesParts; variables: Record<string, unknown> } | null => {
  const { ids, writes } = options;
  if (!ids || writes.entries.length !== 1) return null;
  const { id, run } = writes.check;
  const fields = checkRunInput(run, options.now);
  const variables: Record<string, unknown> = {};
  if (id === null) {
    variables.check = { repositoryId: ids.repositoryId, headSha: run.headSha, ...fields };
  } else {
    const checkRunId = ids.checkRuns.get(id) ?? options.createdRuns?.get(id);
    if (!checkRunId) return null;
    variables.check = { repositoryId: ids.repositoryId, checkRunId, ...fields };
  }
  writes.entries.forEach((body, index) => {
    variables[entryAlias(index)] = { subjectId: ids.pullRequestId, body };
  });
  return { parts: { check: id === null ? 'create' : 'update', entries: writes.entries.length }, variables };
};
