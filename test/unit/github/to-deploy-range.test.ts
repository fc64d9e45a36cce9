import { describe, expect, test } from 'vitest';
import type { DeployRangeResult } from '../../../src/github/octokit/deploy-range-query.ts';
import { toDeployRange } from '../../../src/github/octokit/to-deploy-range.ts';

const BASE = 'b'.repeat(40);
const BRANCH = 's'.repeat(40);
const MERGE = 'e'.repeat(40);

const pull = (number: number, overrides: Record<string, unknown> = {}) => ({
  number,
  title: `PR ${number}`,
  body: null,
  state: 'MERGED',
  mergedAt: '2026-11-30T10:00:00Z',
  mergeCommit: { oid: MERGE },
  headRefOid: BRANCH,
  baseRefName: 'main',
  labels: { pageInfo: { hasNextPage: false }, nodes: [{ name: 'change' }] },
  ...overrides,
});
const node = (oid: string, parents: string[], pulls: unknown[] | null = [], more = false) => ({
  oid,
  parents: { totalCount: parents.length, nodes: parents.map((parent) => ({ oid: parent })) },
  associatedPullRequests: pulls === null ? null : { pageInfo: { hasNextPage: more }, nodes: pulls },
});
const answer = (nodes: unknown[]): DeployRangeResult =>
  ({ repository: { head: { __typename: 'Commit', history: { nodes } } } }) as DeployRangeResult;

describe('toDeployRange: the DeployRange answer, whole or not used', () => {
  test('a merge of a branch that left base: its commits with their pull requests, in REST’s shape', () => {
    const range = toDeployRange({
      base: BASE,
      head: MERGE,
      result: answer([
        node(MERGE, [BASE, BRANCH], [pull(2)]),
        node(BRANCH, [BASE], [pull(2)]),
        node(BASE, []),
      ]),
    });
    expect(range?.commits).toEqual([BRANCH, MERGE]);
    expect(range?.pullRequests.get(BRANCH)).toEqual([
      {
        number: 2,
        title: 'PR 2',
        body: null,
        state: 'closed',
        mergedAt: '2026-11-30T10:00:00Z',
        mergeCommitSha: MERGE,
        headSha: BRANCH,
        baseRef: 'main',
        labels: ['change'],
      },
    ]);
  });

  test('a commit whose pull requests are not all given, or one not whole: read over REST (undefined)', () => {
    const range = toDeployRange({
      base: BASE,
      head: MERGE,
      result: answer([
        node(MERGE, [BASE, BRANCH], [pull(2)], true),
        node(BRANCH, [BASE], [pull(2, { labels: { pageInfo: { hasNextPage: true }, nodes: [] } })]),
      ]),
    });
    expect(range?.commits).toEqual([BRANCH, MERGE]);
    expect(range?.pullRequests.get(MERGE)).toBeUndefined();
    expect(range?.pullRequests.get(BRANCH)).toBeUndefined();
  });

  test('parents not all given, a commit without its id, or no commit: null (the compare decides)', () => {
    const partial = node(MERGE, [BASE, BRANCH]);
    partial.parents.totalCount = 3;
    expect(
      toDeployRange({ base: BASE, head: MERGE, result: answer([partial, node(BRANCH, [BASE])]) }),
    ).toBeNull();
    expect(toDeployRange({ base: BASE, head: MERGE, result: answer([{ parents: null }]) })).toBeNull();
    expect(
      toDeployRange({ base: BASE, head: MERGE, result: { repository: { head: { __typename: 'Tree' } } } }),
    ).toBeNull();
    expect(toDeployRange({ base: BASE, head: MERGE, result: { repository: { head: null } } })).toBeNull();
  });
});
