import type { GqlBlob } from './blob-text.ts';
import { type GqlHistory, RANGE_HISTORY_FIELDS } from './deploy-range-query.ts';
import type { GqlHeadCommit, GqlPullRequestOfCommit } from './gql-pull-request-of-commit.ts';

/**
 * The trusted app's runs named `$checkName` on each pull request's head commit (the gate's check runs: what
 * `checkRunsOf` reads over REST otherwise): the app's suites when its id is known (`byApp`), else the suites
 * holding a run of that name, whatever their app (as REST's `check_name` filter lists them; the decision keeps
 * the trusted app's by slug, and a further page of suites leaves them to REST). `checkType: ALL` as REST's
 * `filter=all`. The head is the last of the pull request's commits, taken only when it is `headRefOid`.
 * see: https://docs.github.com/graphql/reference/objects#checksuite
 * see: https://docs.github.com/graphql/reference/input-objects#checkrunfilter
 * see: https://docs.github.com/graphql/reference/input-objects#checksuitefilter
 */
const appRuns = (options: { name: string; suites: number; runs: number; byApp: boolean }): string => `
              checkSuites(first: ${options.suites}, filterBy: { ${options.byApp ? 'appId: $appId' : `checkName: ${options.name}`} }) { pageInfo { hasNextPage } nodes {
                app { databaseId slug }
                checkRuns(first: ${options.runs}, filterBy: { checkName: ${options.name}, checkType: ALL }) {
                  pageInfo { hasNextPage }
                  nodes { databaseId name status conclusion startedAt title summary externalId url } } } }`;

const headCheckRuns = (byApp: boolean): string => `
            headCommit: commits(last: 1) { nodes { commit { oid ${appRuns({ name: '$checkName', suites: 5, runs: 50, byApp })} } } }`;

/**
 * Per deployment, what tells whether it can start the range (find-last-vouched-deployment.ts): its latest
 * status, and the app's voucher runs (`$vouchName`) on its commit; bounded, since up to 100 are read.
 * see: https://docs.github.com/graphql/reference/objects#deploymentstatus
 */
const deploymentVouchers = (byApp: boolean): string => `
        latestStatus { state }
        commit { oid ${appRuns({ name: '$vouchName', suites: 3, runs: 10, byApp })} }`;

/**
 * What the deploy gate reads first, in one request: the repository's default branch, the commit at its tip,
 * the repository's own config file there (`$config`: `HEAD:<path>`; HEAD is the default branch), and the
 * pull requests GitHub associates with the deployed commit (`$sha`), and the newest 100 deployments to the
 * environment (and, with `checkRuns`, the gate's check runs on those pull requests' heads and the
 * deployments' latest statuses and vouchers). One consistent answer instead of the repository's, the file's, the commit's pull requests'
 * and the deployments' REST reads and, when the tip is the deployed commit, the compare that tells the
 * deploy branch. With them, the deployed commit's newest commits (RANGE_HISTORY, with parents and pull
 * requests): when the range's start is among them on every path, the range needs no further read.
 * see: https://docs.github.com/graphql/reference/objects#repository
 * see: https://docs.github.com/graphql/reference/objects#commit (associatedPullRequests)
 * see: https://docs.github.com/graphql/reference/objects#deployment
 */
export const deployStartQuery = (options: {
  /** The gate's runs and vouchers too: `app` (of the app whose id is `$appId`), `name` (any app's). */
  checkRuns: false | 'app' | 'name';
}): string => `
query DeployStart($owner: String!, $repo: String!, $config: String!, $sha: GitObjectID!, $environment: String!${
  options.checkRuns
    ? `${options.checkRuns === 'app' ? ', $appId: Int!' : ''}, $checkName: String!, $vouchName: String!`
    : ''
}) {
  repository(owner: $owner, name: $repo) {
    defaultBranchRef { name target { __typename oid } }
    config: object(expression: $config) { __typename ... on Blob { text isTruncated isBinary } }
    deployments(environments: [$environment], first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage }
      nodes { databaseId commitOid createdAt environment payload${options.checkRuns ? deploymentVouchers(options.checkRuns === 'app') : ''} }
    }
    deployed: object(oid: $sha) {
      __typename
      ... on Commit {
        associatedPullRequests(first: 100) {
          pageInfo { hasNextPage }
          nodes {
            number title body state mergedAt mergeCommit { oid } headRefOid baseRefName
            labels(first: 100) { pageInfo { hasNextPage } nodes { name } }${options.checkRuns ? headCheckRuns(options.checkRuns === 'app') : ''}
          }
        }${RANGE_HISTORY_FIELDS}
      }
    }
  }
}`;

/** The answer's shape (every field checked before use: GitHub's answer is not trusted to be whole). */
export interface DeployStartResult {
  repository?: {
    defaultBranchRef?: { name?: unknown; target?: { __typename?: unknown; oid?: unknown } | null } | null;
    config?: GqlBlob | null;
    deployments?: {
      pageInfo?: { hasNextPage?: unknown };
      nodes?: Array<{
        databaseId?: unknown;
        commitOid?: unknown;
        createdAt?: unknown;
        environment?: unknown;
        payload?: unknown;
        latestStatus?: { state?: unknown } | null;
        commit?: GqlHeadCommit | null;
      } | null>;
    } | null;
    deployed?: {
      __typename?: unknown;
      associatedPullRequests?: {
        pageInfo?: { hasNextPage?: unknown };
        nodes?: Array<GqlPullRequestOfCommit | null>;
      } | null;
      history?: GqlHistory | null;
    } | null;
  } | null;
}
