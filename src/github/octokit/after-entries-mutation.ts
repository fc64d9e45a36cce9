import type { AfterEntriesWrites } from '../ports/github-port.ts';
import type { ChangeFactsResult, GqlChange } from './change-facts-query.ts';
import { checkRunInput } from './check-run-input.ts';

/**
 * Which writes one AfterEntries document holds, in this order: the check, the labels, the steps comment, a new
 * run (`create`: a deployment's voucher; absent: none).
 */
export interface AfterEntriesParts {
  check: boolean;
  labels: boolean;
  comment: 'add' | 'update' | null;
  create?: boolean;
}

/** The operation's name, whatever it holds (request logs, metrics and the simulator's faults name it). */
export const AFTER_ENTRIES_OPERATION = 'AfterEntries';

/**
 * The writes that follow a change's history entries, in one request: our check run brought up to date, the
 * pull request's labels replaced, then the implementation-steps comment edited (or posted, the first time), then
 * a new run (a deployment's voucher, on the deployed commit).
 * GitHub runs a document's mutations one after another, in the order written (a failing one does not stop
 * the next), and one request costs the same secondary-limit points whatever it holds. `labelIds` replaces
 * the whole set, as REST's PUT does (people's labels are in it). Never holds an entry: entries are written
 * before (alone, or after a check that does not pass: check-then-entries-mutation.ts), so that a failed entry
 * can never leave a passing check or a label that depends on it.
 * see: https://docs.github.com/graphql/reference/mutations#updatecheckrun
 * see: https://docs.github.com/graphql/reference/mutations#updatepullrequest
 * see: https://docs.github.com/graphql/reference/mutations#updateissuecomment
 * see: https://docs.github.com/graphql/reference/mutations#addcomment
 * see: https://docs.github.com/graphql/reference/mutations#createcheckrun
 */
export const afterEntriesMutation = (parts: AfterEntriesParts): string => {
  const variables: string[] = [];
  const fields: string[] = [];
  if (parts.check) {
    variables.push('$check: UpdateCheckRunInput!');
    fields.push('updateCheckRun(input: $check) { checkRun { id } }');
  }
  if (parts.labels) {
    variables.push('$labels: UpdatePullRequestInput!');
    fields.push('updatePullRequest(input: $labels) { pullRequest { id } }');
  }
  if (parts.comment === 'update') {
    variables.push('$comment: UpdateIssueCommentInput!');
    fields.push('updateIssueComment(input: $comment) { issueComment { id } }');
  } else if (parts.comment === 'add') {
    variables.push('$comment: AddCommentInput!');
    fields.push('addComment(input: $comment) { commentEdge { node { id databaseId } } }');
  }
  if (parts.create) {
    variables.push('$create: CreateCheckRunInput!');
    fields.push('createCheckRun(input: $create) { checkRun { id } }');
  }
  return `
mutation ${AFTER_ENTRIES_OPERATION}(${variables.join(', ')}) {
  ${fields.join('\n  ')}
}`;
};

export interface AfterEntriesResult {
  updateCheckRun?: { checkRun?: { id?: string } | null } | null;
  updatePullRequest?: { pullRequest?: { id?: string } | null } | null;
  updateIssueComment?: { issueComment?: { id?: string } | null } | null;
  addComment?: { commentEdge?: { node?: { id?: string; databaseId?: number } | null } | null } | null;
  createCheckRun?: { checkRun?: { id?: string } | null } | null;
}

/** The node ids the facts query read, which the GraphQL writes name (GraphQL cannot create a label). */
export interface WriteIds {
  repositoryId: string;
  pullRequestId: string;
  /** Label node ids by lower-case name: the change's labels and the repository's `change:` labels. */
  labels: ReadonlyMap<string, string>;
  /** Check run node ids by database id (the runs on the head commit). */
  checkRuns: ReadonlyMap<number, string>;
  /** Comment node ids by database id (the comments read). */
  comments: ReadonlyMap<number, string>;
}

/** The ids of a facts answer, or null when it is not a pull request or lacks one of them (an older answer). */
export const writeIdsOf = (
  repository: NonNullable<ChangeFactsResult['repository']>,
  change: GqlChange,
): WriteIds | null => {
  if (change.__typename !== 'PullRequest' || !repository.id || !change.id) return null;
  const labels = new Map<string, string>();
  for (const label of [...(repository.managedLabels?.nodes ?? []), ...change.labels.nodes]) {
    if (label.id) labels.set(label.name.toLowerCase(), label.id);
  }
  const checkRuns = new Map<number, string>();
  for (const suite of change.commits?.nodes[0]?.commit.checkSuites.nodes ?? []) {
    for (const run of suite.checkRuns.nodes) if (run.id) checkRuns.set(run.databaseId, run.id);
  }
  const comments = new Map<number, string>();
  for (const comment of change.comments.nodes) if (comment.id) comments.set(comment.databaseId, comment.id);
  return { repositoryId: repository.id, pullRequestId: change.id, labels, checkRuns, comments };
};

/**
 * The parts and variables of an AfterEntries document, or null when it would hold fewer than two writes
 * (REST's one call costs the same) or an id is unknown: a label the repository lacks (only REST creates it),
 * a run or comment neither read nor created by this port, an empty label set (REST's DELETE says that
 * plainly), an issue (no pull request id). The caller then makes REST's calls, in the same order. The
 * check's fields are REST's (check-run-body.ts), in GraphQL's spelling; a completed run says when.
 */
export const afterEntriesVariables = (options: {
  ids: WriteIds | null | undefined;
  /** Node ids of check runs this port created (REST's answer gives them), by database id. */
  createdRuns?: ReadonlyMap<number, string>;
  writes: AfterEntriesWrites;
  now: Date;
}): { parts: AfterEntriesParts; variables: Record<string, unknown> } | null => {
  const { ids, writes } = options;
  const count = [writes.check, writes.labels, writes.comment, writes.create].filter(Boolean).length;
  if (!ids || count < 2) return null;
  const variables: Record<string, unknown> = {};
  if (writes.check) {
    const { id, run } = writes.check;
    const checkRunId = ids.checkRuns.get(id) ?? options.createdRuns?.get(id);
    if (!checkRunId) return null;
    variables.check = { repositoryId: ids.repositoryId, checkRunId, ...checkRunInput(run, options.now) };
  }
  if (writes.labels) {
    if (writes.labels.length === 0) return null;
    const labelIds = writes.labels.map((name) => ids.labels.get(name.toLowerCase()));
    if (labelIds.some((id) => id === undefined)) return null;
    variables.labels = { pullRequestId: ids.pullRequestId, labelIds: [...new Set(labelIds as string[])] };
  }
  let comment: AfterEntriesParts['comment'] = null;
  if (writes.comment && 'id' in writes.comment) {
    const id = ids.comments.get(writes.comment.id);
    if (!id) return null;
    variables.comment = { id, body: writes.comment.body };
    comment = 'update';
  } else if (writes.comment) {
    variables.comment = { subjectId: ids.pullRequestId, body: writes.comment.body };
    comment = 'add';
  }
  if (writes.create) {
    const run = writes.create;
    variables.create = {
      repositoryId: ids.repositoryId,
      headSha: run.headSha,
      ...checkRunInput(run, options.now),
    };
  }
  return {
    parts: {
      check: !!writes.check,
      labels: !!writes.labels,
      comment,
      ...(writes.create ? { create: true } : {}),
    },
    variables,
  };
};
