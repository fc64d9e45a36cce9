import { describe, expect, it } from 'vitest';
import type { DeployStartResult } from '../../../src/github/octokit/deploy-start-query.ts';
import { toDeployStart } from '../../../src/github/octokit/to-deploy-start.ts';
import type { CommitComparison, DeployPort } from '../../../src/github/ports/deploy-port.ts';
import { collectDeployScope } from '../../../src/use-cases/collect-deploy-scope.ts';

/** The last vouched deployment's commit: the range's start. */
const BASE = 'b'.repeat(40);
const OLD = 'a'.repeat(40);
const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const SIDE = '5'.repeat(40);
const HEAD = 'f'.repeat(40);

const pull = (number: number, head: string) => ({
  number,
  title: `PR ${number}`,
  body: null,
  state: 'MERGED',
  mergedAt: '2026-11-30T10:00:00Z',
  mergeCommit: { oid: head },
  headRefOid: head,
  baseRefName: 'main',
  labels: { pageInfo: { hasNextPage: false }, nodes: [{ name: 'change' }] },
});
/** One commit of the `history` answer: its parents (all given) and its pull requests (all given). */
const node = (oid: string, parents: string[], pulls: unknown[] = []) => ({
  oid,
  parents: { totalCount: parents.length, nodes: parents.map((parent) => ({ oid: parent })) },
  associatedPullRequests: { pageInfo: { hasNextPage: false }, nodes: pulls },
});

/** The gate's first read (DeployStart) of HEAD, whose history is `nodes` (null: no history given). */
const firstRead = (nodes: unknown[] | null) =>
  toDeployStart({
    owner: 'acme',
    repo: 'shop',
    environment: 'production',
    result: {
      repository: {
        defaultBranchRef: { name: 'main', target: { __typename: 'Commit', oid: HEAD } },
        config: null,
        deployed: {
          __typename: 'Commit',
          associatedPullRequests: { pageInfo: { hasNextPage: false }, nodes: [pull(9, HEAD)] },
          history: nodes === null ? null : { nodes },
        },
      },
    } as DeployStartResult,
  });

/** A port where deployment 1 (at BASE) is vouched; every range read is recorded. */
function recordingPort(options: { compare: string[]; readRange?: string[] }) {
  const reads: string[] = [];
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  const port: DeployPort = {
    readConfigFile: unexpected,
    readDeployStart: unexpected,
    listDeployments: async () => [
      { id: 1, sha: BASE, environment: 'production', createdAt: '2026-07-01T00:00:00Z', payload: {} },
    ],
    listDeploymentStatuses: async () => [
      { state: 'success', description: null, createdAt: '2026-07-01T00:00:00Z' },
    ],
    async compareCommits(): Promise<CommitComparison> {
      reads.push('compare');
      return { status: 'ahead', totalCommits: options.compare.length, commits: options.compare };
    },
    async readRange() {
      reads.push('DeployRange');
      return options.readRange
        ? { commits: options.readRange, pullRequests: new Map(options.readRange.map((c) => [c, []])) }
        : null;
    },
    async pullRequestsOfCommit(sha) {
      reads.push(`pulls ${sha.slice(0, 1)}`);
      return [];
    },
    filesOfCommit: async () => [],
    checkRunsOf: async ({ sha, checkName }) =>
      sha === BASE
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
  return { port, reads };
}

const scopeOf = (port: DeployPort, start: ReturnType<typeof firstRead>) =>
  collectDeployScope({
    port,
    environment: 'production',
    sha: HEAD,
    deployBranches: ['main'],
    // HEAD is main's tip: no compare to tell its branch (each compare here is the range's).
    tips: new Map([['main', HEAD]]),
    ...(start.pullRequestsOfSha ? { pullRequestsOfSha: start.pullRequestsOfSha } : {}),
    ...(start.historyOfSha ? { historyOfSha: start.historyOfSha } : {}),
    needFiles: false,
    checkName: 'Change Gate',
    trustedApp: { slug: 'change-gate', id: 42 },
  });

describe('the range from the first read (DeployStart’s slice of the deployed commit’s history)', () => {
  it('the start inside the slice on every path: the range and its pull requests, with no further read', async () => {
    const start = firstRead([
      node(HEAD, [C2], [pull(9, HEAD)]),
      node(C2, [C1]),
      node(C1, [BASE], [pull(7, C1)]),
      node(BASE, [OLD]),
      node(OLD, []),
    ]);
    const { port, reads } = recordingPort({ compare: [] });
    const scope = await scopeOf(port, start);
    expect(scope.commits).toEqual([C1, C2, HEAD]);
    expect(scope.pullRequests.map((pr) => pr.number)).toEqual([7, 9]);
    // C2 came in without a pull request: a direct push, as the compare would have said.
    expect(scope.commitsWithoutPullRequest.map((commit) => commit.sha)).toEqual([C2]);
    expect(reads).toEqual([]);
  });

  it('the start outside the slice (a root reached first): the compare tells the range, not DeployRange', async () => {
    // The slice ends before BASE: a commit's history is fixed by its id, so DeployRange would list the same.
    const start = firstRead([node(HEAD, [C2]), node(C2, [C1]), node(C1, [])]);
    const { port, reads } = recordingPort({ compare: [C1, C2, HEAD] });
    const scope = await scopeOf(port, start);
    expect(scope.commits).toEqual([C1, C2, HEAD]);
    expect(reads).toEqual(['compare', 'pulls 1', 'pulls 2']);
  });

  it('the start outside a full slice (its last commit’s parent not listed): the compare', async () => {
    const start = firstRead([node(HEAD, [C2]), node(C2, [C1]), node(C1, [OLD])]);
    const { port, reads } = recordingPort({ compare: [OLD, C1, C2, HEAD] });
    const scope = await scopeOf(port, start);
    expect(scope.commits).toEqual([OLD, C1, C2, HEAD]);
    expect(reads[0]).toBe('compare');
    expect(reads).not.toContain('DeployRange');
  });

  it('a merge whose other parent leaves the slice without meeting the start: the compare', async () => {
    // HEAD merges SIDE, a branch from before BASE (its parent OLD is not in the slice past BASE's path).
    const start = firstRead([node(HEAD, [C1, SIDE]), node(SIDE, [OLD]), node(C1, [BASE]), node(BASE, [OLD])]);
    const { port, reads } = recordingPort({ compare: [SIDE, C1, HEAD] });
    const scope = await scopeOf(port, start);
    expect(scope.commits).toEqual([SIDE, C1, HEAD]);
    expect(reads[0]).toBe('compare');
    expect(reads).not.toContain('DeployRange');
  });

  it('a slice not whole (a commit without its id, or no history): DeployRange, then the compare, as before', async () => {
    for (const nodes of [[node(HEAD, [BASE]), null], [{ parents: null }], null]) {
      const start = firstRead(nodes);
      expect(start.historyOfSha).toBeUndefined();
      const { port, reads } = recordingPort({ compare: [C1, HEAD] });
      const scope = await scopeOf(port, start);
      expect(scope.commits).toEqual([C1, HEAD]);
      expect(reads.slice(0, 2)).toEqual(['DeployRange', 'compare']);
    }
  });

  it('parents not all given, or a slice that is not the deployed commit’s: never the range, the compare', async () => {
    const partial = node(HEAD, [BASE, SIDE]);
    partial.parents.totalCount = 3;
    for (const nodes of [
      [partial, node(SIDE, [BASE]), node(BASE, [])],
      // A forged or wrong answer: another commit's history, the deployed commit not in it.
      [node(C2, [C1]), node(C1, [BASE]), node(BASE, [])],
    ]) {
      const { port, reads } = recordingPort({ compare: [SIDE, C1, HEAD] });
      const scope = await scopeOf(port, firstRead(nodes));
      expect(scope.commits).toEqual([SIDE, C1, HEAD]);
      expect(reads[0]).toBe('compare');
    }
  });
});
