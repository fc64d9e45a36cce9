import type { ProbotOctokit } from 'probot';
import type { ChangeFacts } from '../../core/decision/change-facts.ts';
import { MAX_READ_ITEMS } from '../../core/decision/unread-facts.ts';
import { CONFIG_PATH } from '../../core/policy/config-path.ts';
import { ChangeNotFoundError } from '../ports/github-error.ts';
import type { ChangeRef, ConfigSource, GitHubPort } from '../ports/github-port.ts';
import {
  type AfterEntriesResult,
  afterEntriesMutation,
  afterEntriesVariables,
  type WriteIds,
  writeIdsOf,
} from './after-entries-mutation.ts';
import {
  type ChangeFactsPageResult,
  type ChangeFactsResult,
  changeFactsQuery,
  connectionPageQuery,
  type GqlChange,
  type Page,
} from './change-facts-query.ts';
import { checkRunBody } from './check-run-body.ts';
import {
  type CheckThenEntriesResult,
  checkThenEntriesMutation,
  checkThenEntriesVariables,
  entryAlias,
} from './check-then-entries-mutation.ts';
import { octokitRestWrites } from './octokit-rest-writes.ts';
import { partialAnswer } from './partial-graphql-answer.ts';
import { configTextOf, readConfigFile } from './read-config-source.ts';
import { createTeamBatchReader } from './team-batch-reader.ts';
import type { TeamMembersCache } from './team-members-cache.ts';
import { slugVariables, teamsOfAnswer } from './team-members-query.ts';
import { toChangeFacts } from './to-change-facts.ts';
import { withGitHubErrors } from './to-github-error.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface OctokitPortOptions {
  octokit: Octokit;
  teams: TeamMembersCache;
}

export const createOctokitPort = ({ octokit, teams }: OctokitPortOptions): GitHubPort => {
  const configReads = new Map<string, Promise<ConfigSource>>();
  /** The config file's text as the facts query read it (null: absent; undefined: not read that way). */
  const configTexts = new Map<string, Promise<string | null | undefined>>();
  /** Team members the facts query read, by `org/slug`: this port serves one webhook, so they are fresh. */
  const teamsRead = new Map<string, string[] | null>();
  const teamBatch = createTeamBatchReader({ octokit, teams });
  /** Node ids from the last read of each change, by `owner/repo#number`, for the GraphQL writes. */
  const writeIds = new Map<string, WriteIds | null>();
  /** Node ids of the check runs this port created (REST's answer), by database id, for the GraphQL writes. */
  const createdRuns = new Map<number, string>();

  const { updateCheckRun, setLabels, createComment, updateComment, deleteComment } =
    octokitRestWrites(octokit);

  /**
   * Follows one connection past its first page so that no history comment or review is lost, up to
   * MAX_READ_ITEMS; a connection with more (or a page GitHub did not give) is named in `truncated`.
   */
  const readRest = async <T>(options: {
    ref: ChangeRef;
    connection: 'comments' | 'reviews' | 'files' | 'commits';
    first: Page<T> | undefined | null;
    truncated?: Set<string>;
  }): Promise<T[]> => {
    const nodes = [...(options.first?.nodes ?? [])];
    let page = options.first?.pageInfo;
    while (page?.hasNextPage && nodes.length < MAX_READ_ITEMS) {
      // see: https://docs.github.com/graphql/guides/using-pagination-in-the-graphql-api
      const result: ChangeFactsPageResult = await octokit.graphql(connectionPageQuery(options.connection), {
        owner: options.ref.owner,
        repo: options.ref.repo,
        number: options.ref.number,
        after: page.endCursor,
      });
      const next = result.repository?.issueOrPullRequest?.[options.connection] as Page<T> | undefined;
      if (!next) break;
      nodes.push(...next.nodes);
      page = next.pageInfo;
    }
    if (page?.hasNextPage) options.truncated?.add(options.connection);
    return nodes;
  };

  /** What a GraphQL write's variables are built from: the node ids this port read or created, now. */
  const batchInput = <W>(ref: ChangeRef, writes: W) => ({
    ids: writeIds.get(refKey(ref)),
    createdRuns,
    writes,
    now: new Date(),
  });

  const createCheckRun: GitHubPort['createCheckRun'] = async (repo, run) => {
    // see: https://docs.github.com/rest/checks/runs#create-a-check-run
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      ...checkRunBody(run),
      head_sha: run.headSha,
    });
    if (typeof data.node_id === 'string') createdRuns.set(Number(data.id), data.node_id);
    return { id: Number(data.id) };
  };

  return withGitHubErrors<GitHubPort>({
    async readChange(ref) {
      const hinted = teams.hintedTeams(ref.owner);
      // see: https://docs.github.com/graphql/reference/objects#repository
      const answer: Promise<ChangeFactsResult> = octokit
        .graphql<ChangeFactsResult>(changeFactsQuery({ teams: hinted.length }), {
          ...ref,
          config: `HEAD:${CONFIG_PATH}`,
          ...slugVariables(hinted),
        })
        .catch((error: unknown) => {
          // The teams are extras: an error there (no such organization, no access) leaves the facts usable.
          const partial = partialAnswer<ChangeFactsResult>(error);
          if (!partial || partial.paths.some((path) => path[0] !== 'organization')) throw error;
          for (const [slug, members] of teamsOfAnswer({
            slugs: hinted,
            organization: partial.data.organization,
            errorPaths: partial.paths,
          })) {
            teamsRead.set(`${ref.owner.toLowerCase()}/${slug}`, members);
          }
          return { ...partial.data, organization: null };
        });
      const repoKey = `${ref.owner}/${ref.repo}`.toLowerCase();
      if (!configTexts.has(repoKey)) {
        configTexts.set(
          repoKey,
          answer.then(
            (result) => configTextOf(result),
            () => undefined,
          ),
        );
      }
      const result = await answer;
      for (const [slug, members] of teamsOfAnswer({
        slugs: hinted,
        organization: result.organization,
        errorPaths: [],
      })) {
        teamsRead.set(`${ref.owner.toLowerCase()}/${slug}`, members);
      }
      const change = result.repository?.issueOrPullRequest;
      if (!result.repository || !change) {
        throw new ChangeNotFoundError(`${ref.owner}/${ref.repo}#${ref.number} was not found`);
      }
      // Past what we read, the evaluation fails closed ("too many comments to evaluate safely").
      const truncated = new Set<string>();
      const complete: GqlChange = {
        ...change,
        comments: {
          nodes: await readRest({ ref, connection: 'comments', first: change.comments, truncated }),
        },
      };
      if (change.__typename === 'PullRequest') {
        complete.reviews = {
          nodes: await readRest({ ref, connection: 'reviews', first: change.reviews, truncated }),
        };
        complete.files = {
          nodes: await readRest({ ref, connection: 'files', first: change.files, truncated }),
        };
        // GitHub lists at most 3000 files of a PR; the count says whether that was all of them.
        if ((change.changedFiles ?? 0) > complete.files.nodes.length) truncated.add('files');
        const commits = await readRest({ ref, connection: 'commits', first: change.authorship });
        complete.authorship = { nodes: commits, totalCount: change.authorship?.totalCount ?? commits.length };
      }
      writeIds.set(refKey(ref), writeIdsOf(result.repository, complete));
      const facts = toChangeFacts({
        ref,
        ownerType: result.repository.owner.__typename ?? '',
        repositoryId: result.repository.databaseId ?? null,
        change: complete,
      });
      const lists = [...truncated] as NonNullable<ChangeFacts['truncated']>;
      return lists.length === 0 ? facts : { ...facts, truncated: lists };
    },

    readConfig(repo) {
      // A port lives for one webhook: a handler that read the config for its trigger mask and the
      // evaluations it then runs share one read.
      const key = `${repo.owner}/${repo.repo}`.toLowerCase();
      let read = configReads.get(key);
      if (!read) {
        read = readConfigFile(octokit, repo, configTexts.get(key));
        configReads.set(key, read);
      }
      return read;
    },

    expectTeams(org, teamSlugs) {
      if (teams.hintedTeams(org).length > 0) return;
      // Noted last to first: the policy's first teams are the ones kept when there are more than fit.
      for (const slug of [...teamSlugs].reverse()) teams.noteTeam(org, slug);
    },

    teamMembers(org, teamSlug) {
      teams.noteTeam(org, teamSlug);
      const slug = teamSlug.toLowerCase();
      const key = `${org.toLowerCase()}/${slug}`;
      if (teamsRead.has(key)) return Promise.resolve(teamsRead.get(key) ?? null);
      // The evaluation asks for all its teams at once: one query for those the facts query did not read.
      return teamBatch.members(org, slug);
    },

    async openPullRequestsOf(repo, sha) {
      // see: https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        ...repo,
        commit_sha: sha,
        per_page: 100,
      });
      return data.filter((pull) => pull.state === 'open' && pull.head.sha === sha).map((pull) => pull.number);
    },

    createCheckRun,

    updateCheckRun,

    async writeCheckThenEntries(ref, writes) {
      const batch = checkThenEntriesVariables(batchInput(ref, writes));
      if (!batch) return null;
      // As writeAfterEntries: any error fails the whole write (GraphqlResponseError, even with data next to
      // it), never resent blindly; the caller's retry reads again first, finds the entries already posted
      // (never posted twice) and our newest run, due, as the check to update.
      const answer = await octokit.graphql<CheckThenEntriesResult>(
        checkThenEntriesMutation(batch.parts),
        batch.variables,
      );
      const run = batch.parts.check === 'create' ? answer?.createCheckRun : answer?.updateCheckRun;
      const commentIds = writes.entries.map((_body, index) =>
        Number(answer?.[entryAlias(index)]?.commentEdge?.node?.databaseId),
      );
      const checkId = Number(run?.checkRun?.databaseId);
      if (!Number.isSafeInteger(checkId) || !run?.checkRun?.id || !commentIds.every(Number.isSafeInteger))
        throw new Error(`GitHub did not confirm the check and the entries of ${refKey(ref)}`);
      if (batch.parts.check === 'create') createdRuns.set(checkId, run.checkRun.id);
      return { checkId, commentIds };
    },

    async writeAfterEntries(ref, writes) {
      const batch = afterEntriesVariables(batchInput(ref, writes));
      if (!batch) {
        // One write, a label the repository lacks (only REST creates it, grey), an issue, or ids this port
        // did not read: REST's calls, in the same order.
        const repo = { owner: ref.owner, repo: ref.repo };
        if (writes.check) await updateCheckRun(repo, writes.check.id, writes.check.run);
        if (writes.labels) await setLabels(ref, writes.labels);
        if (writes.comment && 'id' in writes.comment)
          await updateComment(repo, writes.comment.id, writes.comment.body);
        else if (writes.comment) await createComment(ref, writes.comment.body);
        if (writes.create) await createCheckRun(repo, writes.create);
        return 'separate requests';
      }
      // Any error fails the whole write, even one GitHub answered with data next to it (the check updated,
      // the labels not): octokit throws GraphqlResponseError then. A 502 after GitHub wrote throws too. The
      // request is never resent blindly (creates-something.ts: no plugin retry for a mutation): whoever
      // retries (the event's retry, the sweep) reads the change again first, so a check or labels already
      // right are left alone and a steps comment already posted is found by its marker and edited, never
      // posted twice. GitHub runs a later mutation even when an earlier one failed: the labels may then
      // show the approval while the check does not pass yet, which decides nothing (labels are outputs: the
      // gate and branch protection read our runs and the history), and the retry writes the check.
      const answer = await octokit.graphql<AfterEntriesResult>(
        afterEntriesMutation(batch.parts),
        batch.variables,
      );
      const confirmed =
        (!batch.parts.check || !!answer?.updateCheckRun?.checkRun) &&
        (!batch.parts.labels || !!answer?.updatePullRequest?.pullRequest) &&
        (batch.parts.comment !== 'update' || !!answer?.updateIssueComment?.issueComment) &&
        (batch.parts.comment !== 'add' || !!answer?.addComment?.commentEdge?.node) &&
        (!batch.parts.create || !!answer?.createCheckRun?.checkRun);
      if (!confirmed)
        throw new Error(`GitHub did not confirm the writes after the entries of ${refKey(ref)}`);
      return 'one request';
    },

    setLabels,

    createComment,

    updateComment,

    deleteComment,
  });
};

const refKey = (ref: ChangeRef): string => `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();
