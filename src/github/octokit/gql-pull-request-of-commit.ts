/**
 * A pull request GitHub associates with a commit, as `DeployStart` and `DeployRange` read it (and, in
 * `DeployStart`, the gate's check runs on its head): every field checked before use.
 * see: https://docs.github.com/graphql/reference/objects#pullrequest
 */
export interface GqlPullRequestOfCommit {
  number?: unknown;
  title?: unknown;
  body?: unknown;
  state?: unknown;
  mergedAt?: unknown;
  mergeCommit?: { oid?: unknown } | null;
  headRefOid?: unknown;
  baseRefName?: unknown;
  labels?: { pageInfo?: { hasNextPage?: unknown }; nodes?: Array<{ name?: unknown } | null> } | null;
  headCommit?: { nodes?: Array<{ commit?: GqlHeadCommit | null } | null> } | null;
}

export interface GqlHeadCommit {
  oid?: unknown;
  checkSuites?: {
    pageInfo?: { hasNextPage?: unknown };
    nodes?: Array<{
      app?: { databaseId?: unknown; slug?: unknown } | null;
      checkRuns?: { pageInfo?: { hasNextPage?: unknown }; nodes?: Array<GqlDeployCheckRun | null> } | null;
    } | null>;
  } | null;
}

export interface GqlDeployCheckRun {
  databaseId?: unknown;
  name?: unknown;
  status?: unknown;
  conclusion?: unknown;
  startedAt?: unknown;
  title?: unknown;
  summary?: unknown;
  externalId?: unknown;
  url?: unknown;
}
