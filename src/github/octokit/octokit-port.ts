import type { ProbotOctokit } from 'probot';
import type { ChangeFacts } from '../../core/decision/change-facts.ts';
import { MAX_READ_ITEMS } from '../../core/decision/unread-facts.ts';
import { resolveConfig } from '../../core/policy/resolve-config.ts';
import { errorMessage } from '../ports/error-message.ts';
import type { ChangeRef, CheckRunWrite, ConfigSource, GitHubPort, RepoRef } from '../ports/github-port.ts';
import {
  CHANGE_FACTS_QUERY,
  type ChangeFactsPageResult,
  type ChangeFactsResult,
  connectionPageQuery,
  type GqlChange,
  type Page,
} from './change-facts-query.ts';
import { octokitConfigFilePort } from './octokit-config-file-port.ts';
import type { TeamMembersCache } from './team-members-cache.ts';
import { toChangeFacts } from './to-change-facts.ts';
import { toGitHubError, withGitHubErrors } from './to-github-error.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;

import { CONFIG_PATH } from '../../core/policy/config-path.ts';

export interface OctokitPortOptions {
  octokit: Octokit;
  teams: TeamMembersCache;
}

export const createOctokitPort = ({ octokit, teams }: OctokitPortOptions): GitHubPort => {
  const configReads = new Map<string, Promise<ConfigSource>>();

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

  return withGitHubErrors<GitHubPort>({
    async readChange(ref) {
      // see: https://docs.github.com/graphql/reference/objects#repository
      const result: ChangeFactsResult = await octokit.graphql(CHANGE_FACTS_QUERY, { ...ref });
      const change = result.repository?.issueOrPullRequest;
      if (!result.repository || !change) {
        throw new Error(`${ref.owner}/${ref.repo}#${ref.number} was not found`);
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
      const facts = toChangeFacts({
        ref,
        ownerType: result.repository.owner.__typename ?? '',
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
        read = readConfigFile(octokit, repo);
        configReads.set(key, read);
      }
      return read;
    },

    teamMembers: (org, teamSlug) => teams.members({ octokit, org, teamSlug }),

    async openPullRequestsOf(repo, sha) {
      // see: https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        ...repo,
        commit_sha: sha,
        per_page: 100,
      });
      return data.filter((pull) => pull.state === 'open' && pull.head.sha === sha).map((pull) => pull.number);
    },

    async createCheckRun(repo, run) {
      // see: https://docs.github.com/rest/checks/runs#create-a-check-run
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        ...repo,
        ...checkRunBody(run),
        head_sha: run.headSha,
      });
      return { id: Number(data.id) };
    },

    async updateCheckRun(repo, id, run) {
      // see: https://docs.github.com/rest/checks/runs#update-a-check-run
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: id,
        ...checkRunBody(run),
      });
    },

    async setLabels(ref, labels) {
      if (labels.length === 0) {
        // Setting an empty list is not a valid request body; GitHub removes them all with DELETE.
        // see: https://docs.github.com/rest/issues/labels#remove-all-labels-from-an-issue
        await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels', issueOf(ref));
        return [];
      }
      // see: https://docs.github.com/rest/issues/labels#set-labels-for-an-issue
      const { data } = await octokit.request('PUT /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...issueOf(ref),
        labels,
      });
      return data.map((label) => ({ name: label.name, color: label.color }));
    },

    async updateLabel(repo, label) {
      // see: https://docs.github.com/rest/issues/labels#update-a-label
      await octokit.request('PATCH /repos/{owner}/{repo}/labels/{name}', {
        ...repo,
        name: label.name,
        color: label.color,
        description: label.description,
      });
    },

    async createComment(ref, body) {
      // see: https://docs.github.com/rest/issues/comments#create-an-issue-comment
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...issueOf(ref),
        body,
      });
      return { id: Number(data.id) };
    },

    async updateComment(repo: RepoRef, commentId, body) {
      // see: https://docs.github.com/rest/issues/comments#update-an-issue-comment
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repo,
        comment_id: commentId,
        body,
      });
    },

    async deleteComment(repo: RepoRef, commentId) {
      // see: https://docs.github.com/rest/issues/comments#delete-an-issue-comment
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repo,
        comment_id: commentId,
      });
    },
  });
};

const issueOf = (ref: ChangeRef) => ({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });

/** GitHub truncates check output at 65,535 characters per field; we cut first, with a visible marker. */
const OUTPUT_LIMIT = 65_000;
const cap = (text: string): string =>
  text.length <= OUTPUT_LIMIT ? text : `${text.slice(0, OUTPUT_LIMIT)}\n\n… (truncated)`;

const checkRunBody = (run: CheckRunWrite) => ({
  name: run.name,
  external_id: run.externalId,
  status: run.status,
  ...(run.status === 'completed' && run.conclusion ? { conclusion: run.conclusion } : {}),
  output: { title: run.title.slice(0, 250), summary: cap(run.summary), text: cap(run.text) },
});

/** Never throws: an unreadable or unparsable file is reported as `error` (the evaluation fails closed). */
const readConfigFile = async (octokit: Octokit, repo: RepoRef): Promise<ConfigSource> => {
  try {
    // The one loader the action and the protection rule use too: Probot's config plugin's rules (default
    // branch, org `.github` fallback, `_extends`), layers merged key by key, the base first.
    const { readConfigFile: read } = octokitConfigFilePort(octokit);
    const { config, files } = await resolveConfig({ ...repo, path: CONFIG_PATH, read });
    return { config, files, error: null };
  } catch (error) {
    return { config: null, files: [], error: errorMessage(toGitHubError(error)) };
  }
};
