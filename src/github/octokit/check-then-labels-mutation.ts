import type { CheckRunWrite } from '../ports/github-port.ts';
import type { ChangeFactsResult, GqlChange } from './change-facts-query.ts';
import { checkRunBody } from './check-run-body.ts';

/**
 * Our check run brought up to date, then the pull request's labels replaced, in one request: GitHub runs a
 * document's mutations one after another, in the order written, and one request costs the same secondary-limit
 * points whatever it holds. `labelIds` replaces the whole set, as REST's PUT does (people's labels are in it).
 * see: https://docs.github.com/graphql/reference/mutations#updatecheckrun
 * see: https://docs.github.com/graphql/reference/mutations#updatepullrequest
 */
export const CHECK_THEN_LABELS_MUTATION = `
mutation CheckThenLabels($check: UpdateCheckRunInput!, $labels: UpdatePullRequestInput!) {
  updateCheckRun(input: $check) { checkRun { id } }
  updatePullRequest(input: $labels) { pullRequest { id } }
}`;

export interface CheckThenLabelsResult {
  updateCheckRun?: { checkRun?: { id?: string } | null } | null;
  updatePullRequest?: { pullRequest?: { id?: string } | null } | null;
}

/** The node ids the facts query read, which the GraphQL writes name (GraphQL cannot create a label). */
export interface WriteIds {
  repositoryId: string;
  pullRequestId: string;
  /** Label node ids by lower-case name: the change's labels and the repository's `change:` labels. */
  labels: ReadonlyMap<string, string>;
  /** Check run node ids by database id (the runs on the head commit). */
  checkRuns: ReadonlyMap<number, string>;
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
  return { repositoryId: repository.id, pullRequestId: change.id, labels, checkRuns };
};

/**
 * The variables of CHECK_THEN_LABELS_MUTATION, or null when an id is unknown (a label the repository lacks,
 * which only REST can create; a run not in the read) or the set is empty (REST's DELETE says that plainly):
 * the caller then makes today's REST calls. The check's fields are REST's (check-run-body.ts), in GraphQL's
 * spelling; a completed run says when.
 */
export const checkThenLabelsVariables = (options: {
  ids: WriteIds | null | undefined;
  checkRunId: number;
  run: CheckRunWrite;
  labels: readonly string[];
  now: Date;
}) => {
  const { ids, run } = options;
  const checkRunId = ids?.checkRuns.get(options.checkRunId);
  if (!ids || !checkRunId || options.labels.length === 0) return null;
  const labelIds = options.labels.map((name) => ids.labels.get(name.toLowerCase()));
  if (labelIds.some((id) => id === undefined)) return null;
  const body = checkRunBody(run);
  const completed = run.status === 'completed' && run.conclusion !== null;
  return {
    check: {
      repositoryId: ids.repositoryId,
      checkRunId,
      name: body.name,
      externalId: body.external_id,
      status: run.status.toUpperCase(),
      ...(completed
        ? { conclusion: run.conclusion?.toUpperCase(), completedAt: options.now.toISOString() }
        : {}),
      output: body.output,
    },
    labels: { pullRequestId: ids.pullRequestId, labelIds: [...new Set(labelIds as string[])] },
  };
};
