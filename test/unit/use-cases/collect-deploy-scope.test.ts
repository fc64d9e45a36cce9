import { describe, expect, it } from 'vitest';
import type {
  CommitComparison,
  DeployPort,
  PullRequestOfCommit,
} from '../../../src/github/ports/deploy-port.ts';
import { errorMessage } from '../../../src/github/ports/error-message.ts';
import { GitHubError } from '../../../src/github/ports/github-error.ts';
import { collectDeployScope } from '../../../src/use-cases/collect-deploy-scope.ts';

const BASE = 'a'.repeat(40);
const sha = (index: number) => `${index.toString(16).padStart(7, '0')}${'e'.repeat(33)}`;

/** A deploy port whose compare of BASE...head lists `range` (oldest first), `give` of them at most. */
function portWithRange(options: { range: string[]; give?: number; pages?: number[] }): DeployPort {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const pages: number[] = options.pages ?? [];
  return {
    readConfigFile: unexpected,
    readDeployStart: unexpected,
    listDeployments: async () => [
      { id: 1, sha: BASE, environment: 'production', createdAt: '2026-07-01T00:00:00Z', payload: {} },
    ],
    listDeploymentStatuses: async () => [
      { state: 'success', description: null, createdAt: '2026-07-01T00:00:00Z' },
    ],
    async compareCommits({ base, page, perPage }): Promise<CommitComparison> {
      if (base === 'main') return { status: 'behind', totalCommits: 0, commits: [] };
      pages.push(page);
      const given = options.range.slice(0, options.give ?? options.range.length);
      return {
        status: 'ahead',
        totalCommits: options.range.length,
        commits: given.slice((page - 1) * perPage, page * perPage),
      };
    },
    pullRequestsOfCommit: async () => [],
    filesOfCommit: async () => [],
    // The app vouched for deployment 1 (at BASE): the range starts there.
    checkRunsOf: async ({ sha, checkName }) =>
      sha === BASE && checkName === 'Change Gate · deployed production'
        ? [
            {
              id: 1,
              name: checkName,
              headSha: BASE,
              status: 'completed',
              conclusion: 'success',
              appId: 42,
              appSlug: 'change-gate',
              outputTitle: null,
              outputSummary: null,
              startedAt: null,
              externalId: 'deployment-1',
              htmlUrl: null,
            },
          ]
        : [],
    getDeployment: unexpected,
    createDeployment: unexpected,
    createDeploymentStatus: unexpected,
  };
}

describe('collectDeployScope reads the whole range', () => {
  it('pages the compare to the end, past 250 and past 300 commits', async () => {
    const range = Array.from({ length: 420 }, (_, i) => sha(i + 1));
    const pages: number[] = [];
    const scope = await collectDeployScope({
      port: portWithRange({ range, pages }),
      environment: 'production',
      sha: range.at(-1)!,
      deployBranches: ['main'],
      needFiles: false,
      checkName: 'Change Gate',
      trustedApp: { slug: 'change-gate', id: 42 },
    });
    expect(scope.commits).toEqual(range);
    expect(pages).toEqual([1, 2, 3, 4, 5]);
    expect(scope.commitsWithoutPullRequest).toHaveLength(420);
  });

  it('refuses, saying so, when GitHub gives fewer commits than the range holds', async () => {
    const range = Array.from({ length: 260 }, (_, i) => sha(i + 1));
    const error = await collectDeployScope({
      port: portWithRange({ range, give: 250 }),
      environment: 'production',
      sha: range.at(-1)!,
      deployBranches: ['main'],
      needFiles: false,
      checkName: 'Change Gate',
      trustedApp: { slug: 'change-gate', id: 42 },
    }).catch((failure: unknown) => failure);
    expect(errorMessage(error)).toBe(
      'GitHub listed 250 of the 260 commits of aaaaaaa...0000104, so the range cannot be checked whole',
    );
  });

  it('refuses a range past its bound with the count and what to do', async () => {
    const range = Array.from({ length: 2501 }, (_, i) => sha(i + 1));
    const error = await collectDeployScope({
      port: portWithRange({ range }),
      environment: 'production',
      sha: range.at(-1)!,
      deployBranches: ['main'],
      needFiles: false,
      checkName: 'Change Gate',
      trustedApp: { slug: 'change-gate', id: 42 },
    }).catch((failure: unknown) => failure);
    expect(errorMessage(error)).toMatch(
      /^2501 commits in aaaaaaa\.\.\.00009c5 is more than the 2500 the gate checks at once; deploy in smaller steps$/,
    );
  });

  it('counts only pull requests merged into a deploy branch, and says which branch the commit is on', async () => {
    const deployed = sha(1);
    const merged = (number: number, baseRef: string): PullRequestOfCommit => ({
      number,
      title: '',
      body: null,
      state: 'closed',
      mergedAt: '2026-07-01T00:00:00Z',
      mergeCommitSha: deployed,
      headSha: sha(2),
      baseRef,
      labels: [],
    });
    const port: DeployPort = {
      ...portWithRange({ range: [deployed] }),
      listDeployments: async () => [],
      // On release, not on main; `gone` does not exist.
      compareCommits: async ({ base }) => {
        if (base === 'gone')
          throw new GitHubError({ message: 'Not Found', status: 404, request: 'GET compare' });
        return { status: base === 'release' ? 'behind' : 'diverged', totalCommits: 1, commits: [] };
      },
      pullRequestsOfCommit: async () => [merged(1, 'main'), merged(2, 'develop'), merged(3, 'release')],
    };
    const scope = await collectDeployScope({
      port,
      environment: 'production',
      sha: deployed,
      deployBranches: ['main', 'gone', 'release'],
      needFiles: false,
      checkName: 'Change Gate',
      trustedApp: { slug: 'change-gate', id: 42 },
    });
    expect(scope.pullRequests.map((pr) => pr.number)).toEqual([1, 3]);
    expect(scope.deployBranch).toBe('release');
    const nowhere = await collectDeployScope({
      port: { ...port, pullRequestsOfCommit: async () => [merged(2, 'develop')] },
      environment: 'production',
      sha: deployed,
      deployBranches: ['main'],
      needFiles: false,
      checkName: 'Change Gate',
      trustedApp: { slug: 'change-gate', id: 42 },
    });
    expect(nowhere).toMatchObject({ deployBranch: null, pullRequests: [] });
    expect(nowhere.commitsWithoutPullRequest.map((commit) => commit.sha)).toEqual([deployed]);
  });
});
