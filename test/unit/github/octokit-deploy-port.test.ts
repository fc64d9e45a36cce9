import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { octokitDeployPort } from '../../../src/github/octokit/octokit-deploy-port.ts';
import { errorMessage } from '../../../src/github/ports/error-message.ts';
import { useSealedNock } from '../../support/sealed-nock.ts';

const API = 'https://api.github.test';
const REPO = '/repos/acme/shop';
const SHA = 'c'.repeat(40);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const port = () =>
  octokitDeployPort({
    octokit: new Octokit({ baseUrl: API, request: { retries: 0 }, log: silent }),
    owner: 'acme',
    repo: 'shop',
  });
const link = (path: string, page: number) => ({ link: `<${API}${path}&page=${page}>; rel="next"` });
const names = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ filename: `f${from + i}` }));

useSealedNock();

describe('octokitDeployPort reads lists to the end', () => {
  it("reads a commit's files past the first 300, page by page as the Link header says", async () => {
    const path = `${REPO}/commits/${SHA}?per_page=300`;
    nock(API)
      .get(`${REPO}/commits/${SHA}`)
      .query({ per_page: '300', page: '1' })
      .reply(200, { sha: SHA, files: names(0, 300) }, link(path, 2))
      .get(`${REPO}/commits/${SHA}`)
      .query({ per_page: '300', page: '2' })
      .reply(200, { sha: SHA, files: names(300, 2) });
    const files = await port().filesOfCommit(SHA);
    expect(files).toHaveLength(302);
    expect(files.at(-1)).toBe('f301');
  });

  it('refuses a commit with 3000 files: GitHub lists no more, so the rest cannot be checked', async () => {
    const scope = nock(API);
    for (let page = 1; page <= 10; page++) {
      scope
        .get(`${REPO}/commits/${SHA}`)
        .query({ per_page: '300', page: String(page) })
        .reply(
          200,
          { files: names((page - 1) * 300, 300) },
          page < 10 ? link(`${REPO}/x?a=1`, page + 1) : {},
        );
    }
    const error = await port()
      .filesOfCommit(SHA)
      .catch((failure: unknown) => failure);
    expect(errorMessage(error)).toBe(
      "commit ccccccc changes 3000 files or more, and GitHub lists no more than 3000: its other files cannot be checked against the config's scope",
    );
  });

  it('follows the pull requests of a commit to their last page', async () => {
    const pull = (number: number) => ({
      number,
      title: '',
      state: 'closed',
      merged_at: '2026-07-01T00:00:00Z',
      merge_commit_sha: SHA,
      head: { sha: SHA },
      base: { ref: 'main' },
    });
    nock(API)
      .get(`${REPO}/commits/${SHA}/pulls`)
      .query({ per_page: '100', page: '1' })
      .reply(200, [pull(1)], link(`${REPO}/commits/${SHA}/pulls?per_page=100`, 2))
      .get(`${REPO}/commits/${SHA}/pulls`)
      .query({ per_page: '100', page: '2' })
      .reply(200, [pull(2)]);
    const pulls = await port().pullRequestsOfCommit(SHA);
    expect(pulls.map((pr) => [pr.number, pr.mergeCommitSha])).toEqual([
      [1, SHA],
      [2, SHA],
    ]);
  });

  it('never decides on part of the check runs: past ten pages it refuses', async () => {
    const scope = nock(API);
    for (let page = 1; page <= 10; page++) {
      scope
        .get(`${REPO}/commits/${SHA}/check-runs`)
        .query({ check_name: 'Change Gate', filter: 'all', per_page: '100', page: String(page) })
        .reply(200, { total_count: 2000, check_runs: [] }, link(`${REPO}/x?a=1`, page + 1));
    }
    const error = await port()
      .checkRunsOf({ sha: SHA, checkName: 'Change Gate' })
      .catch((failure: unknown) => failure);
    expect(errorMessage(error)).toBe(
      'the "Change Gate" check runs of ccccccc runs past the 10 pages the gate reads, so it cannot be read whole',
    );
  });
});

describe('octokitDeployPort reads the default branch, its tip and the config on it in one query', () => {
  const answer = (repository: unknown, errors?: unknown[]) => ({
    data: { repository },
    ...(errors ? { errors } : {}),
  });
  const branch = { name: 'main', target: { __typename: 'Commit', oid: SHA } };
  const read = () =>
    port().readDeployStart({
      configPath: '.github/change-management.yml',
      sha: SHA,
      environment: 'production',
    });

  it('asks for the file on the default branch (HEAD) and gives its text, or null when absent', async () => {
    let variables: Record<string, unknown> = {};
    nock(API)
      .post('/graphql', (body) => {
        variables = body.variables;
        return String(body.query).includes('query DeployStart(');
      })
      .reply(200, answer({ defaultBranchRef: branch, config: { __typename: 'Blob', text: 'a: 1\n' } }))
      .post('/graphql')
      .reply(200, answer({ defaultBranchRef: branch, config: null }));
    expect(await read()).toEqual({
      defaultBranch: 'main',
      defaultBranchTip: SHA,
      config: 'a: 1\n',
      pullRequestsOfSha: undefined,
      deployments: undefined,
    });
    expect(variables).toEqual({
      owner: 'acme',
      repo: 'shop',
      config: 'HEAD:.github/change-management.yml',
      sha: SHA,
      environment: 'production',
    });
    expect((await read()).config).toBeNull();
  });

  it('a file the answer cannot give whole (truncated, binary, a directory) is left to the contents API', async () => {
    for (const config of [
      { __typename: 'Blob', text: 'a: 1', isTruncated: true },
      { __typename: 'Blob', text: null, isBinary: true },
      { __typename: 'Tree' },
    ]) {
      nock(API)
        .post('/graphql')
        .reply(200, answer({ defaultBranchRef: branch, config }));
      expect((await read()).config).toBeUndefined();
    }
  });

  it("gives the deployed commit's pull requests as REST spells them, only when the answer has them all", async () => {
    const merged = {
      number: 7,
      title: 'MFA',
      body: null,
      state: 'MERGED',
      mergedAt: '2026-07-01T09:00:00Z',
      mergeCommit: { oid: SHA },
      headRefOid: 'a'.repeat(40),
      baseRefName: 'main',
      labels: { pageInfo: { hasNextPage: false }, nodes: [{ name: 'change' }] },
    };
    const open = {
      ...merged,
      number: 8,
      state: 'OPEN',
      mergedAt: null,
      mergeCommit: { oid: 'b'.repeat(40) },
    };
    const deployed = (nodes: unknown[], hasNextPage = false) => ({
      __typename: 'Commit',
      associatedPullRequests: { pageInfo: { hasNextPage }, nodes },
    });
    const answers = [
      deployed([merged, open]),
      // More than a page of them, of one's labels, or a field missing: left to the REST read.
      deployed([merged], true),
      deployed([{ ...merged, labels: { pageInfo: { hasNextPage: true }, nodes: [] } }]),
      deployed([{ ...merged, headRefOid: undefined }]),
      // A commit GitHub does not know.
      null,
    ];
    for (const commit of answers) {
      nock(API)
        .post('/graphql')
        .reply(200, answer({ defaultBranchRef: branch, config: null, deployed: commit }));
    }
    expect((await read()).pullRequestsOfSha).toEqual([
      {
        number: 7,
        title: 'MFA',
        body: null,
        state: 'closed',
        mergedAt: '2026-07-01T09:00:00Z',
        mergeCommitSha: SHA,
        headSha: 'a'.repeat(40),
        baseRef: 'main',
        labels: ['change'],
      },
      {
        number: 8,
        title: 'MFA',
        body: null,
        state: 'open',
        mergedAt: null,
        mergeCommitSha: null,
        headSha: 'a'.repeat(40),
        baseRef: 'main',
        labels: ['change'],
      },
    ]);
    for (let index = 1; index < answers.length; index++) {
      expect((await read()).pullRequestsOfSha, String(index)).toBeUndefined();
    }
  });

  it("gives the gate's check runs on each pull request's head with it, only when the answer has them whole", async () => {
    const HEAD = 'a'.repeat(40);
    const run = {
      databaseId: 41,
      name: 'Change Gate',
      status: 'COMPLETED',
      conclusion: 'SUCCESS',
      startedAt: '2026-07-01T08:00:00Z',
      title: 'Approved',
      summary: 'CHG-2026-007',
      externalId: 'CHG-2026-007',
      url: 'https://github.test/acme/shop/runs/41',
    };
    const suite = (runs: unknown[], more = false) => ({
      app: { databaseId: 9, slug: 'change-gate' },
      checkRuns: { pageInfo: { hasNextPage: more }, nodes: runs },
    });
    const head = (suites: unknown[], oid = HEAD, more = false) => ({
      nodes: [{ commit: { oid, checkSuites: { pageInfo: { hasNextPage: more }, nodes: suites } } }],
    });
    const pull = (headCommit: unknown) => ({
      number: 7,
      title: 'MFA',
      body: null,
      state: 'MERGED',
      mergedAt: '2026-07-01T09:00:00Z',
      mergeCommit: { oid: SHA },
      headRefOid: HEAD,
      baseRefName: 'main',
      labels: { pageInfo: { hasNextPage: false }, nodes: [] },
      headCommit,
    });
    const answers = [
      head([suite([run, { ...run, databaseId: 42, name: 'Change Gate · deployed production' }])]),
      head([]),
      // Not the head GitHub names, more suites or runs than a page, a run without its status, no commit.
      head([suite([run])], 'b'.repeat(40)),
      head([suite([run])], HEAD, true),
      head([suite([run], true)]),
      head([suite([{ ...run, status: null }])]),
      head([{ app: null, checkRuns: { pageInfo: { hasNextPage: false }, nodes: [run] } }]),
      { nodes: [] },
    ];
    let variables: Record<string, unknown> = {};
    for (const headCommit of answers) {
      nock(API)
        .post('/graphql', (body) => {
          variables = body.variables;
          return String(body.query).includes('headCommit: commits(last: 1)');
        })
        .reply(
          200,
          answer({
            defaultBranchRef: branch,
            config: null,
            deployed: {
              __typename: 'Commit',
              associatedPullRequests: { pageInfo: { hasNextPage: false }, nodes: [pull(headCommit)] },
            },
          }),
        );
    }
    const readWithRuns = () =>
      port().readDeployStart({
        configPath: '.github/change-management.yml',
        sha: SHA,
        environment: 'production',
        gateRuns: { appId: 9, checkName: 'Change Gate', vouchName: 'Change Gate · deployed production' },
      });
    const first = await readWithRuns();
    expect(variables).toMatchObject({ appId: 9, checkName: 'Change Gate' });
    // Only the name asked for; REST's spelling (lower case), the app of the run's suite.
    expect(first.pullRequestsOfSha?.[0]?.headCheckRuns).toEqual({
      checkName: 'Change Gate',
      runs: [
        {
          id: 41,
          name: 'Change Gate',
          headSha: HEAD,
          status: 'completed',
          conclusion: 'success',
          appId: 9,
          appSlug: 'change-gate',
          outputTitle: 'Approved',
          outputSummary: 'CHG-2026-007',
          startedAt: '2026-07-01T08:00:00Z',
          externalId: 'CHG-2026-007',
          htmlUrl: run.url,
        },
      ],
    });
    expect((await readWithRuns()).pullRequestsOfSha?.[0]?.headCheckRuns).toEqual({
      checkName: 'Change Gate',
      runs: [],
    });
    for (let index = 2; index < answers.length; index++) {
      const pulls = (await readWithRuns()).pullRequestsOfSha;
      // The pull request itself still counts; its runs are left to the REST read.
      expect(
        pulls?.map((pr) => pr.number),
        String(index),
      ).toEqual([7]);
      expect(pulls?.[0]?.headCheckRuns, String(index)).toBeUndefined();
    }
  });

  it("without the app's id, asks for every app's runs of the gate's names (the suites holding one), each with its app", async () => {
    const HEAD = 'a'.repeat(40);
    const run = (databaseId: number) => ({
      databaseId,
      name: 'Change Gate',
      status: 'COMPLETED',
      conclusion: 'SUCCESS',
      startedAt: '2026-07-01T08:00:00Z',
      title: 'Approved',
      summary: 'CHG-2026-007',
      externalId: 'CHG-2026-007',
      url: `https://github.test/acme/shop/runs/${databaseId}`,
    });
    const suite = (app: { databaseId: number; slug: string }, runs: unknown[]) => ({
      app,
      checkRuns: { pageInfo: { hasNextPage: false }, nodes: runs },
    });
    let query = '';
    let variables: Record<string, unknown> = {};
    nock(API)
      .post('/graphql', (body) => {
        query = String(body.query);
        variables = body.variables;
        return true;
      })
      .reply(
        200,
        answer({
          defaultBranchRef: branch,
          config: null,
          deployed: {
            __typename: 'Commit',
            associatedPullRequests: {
              pageInfo: { hasNextPage: false },
              nodes: [
                {
                  number: 7,
                  title: 'MFA',
                  body: null,
                  state: 'MERGED',
                  mergedAt: '2026-07-01T09:00:00Z',
                  mergeCommit: { oid: SHA },
                  headRefOid: HEAD,
                  baseRefName: 'main',
                  labels: { pageInfo: { hasNextPage: false }, nodes: [] },
                  headCommit: {
                    nodes: [
                      {
                        commit: {
                          oid: HEAD,
                          checkSuites: {
                            pageInfo: { hasNextPage: false },
                            nodes: [
                              suite({ databaseId: 9, slug: 'change-gate' }, [run(41)]),
                              suite({ databaseId: 66, slug: 'copycat' }, [run(42)]),
                            ],
                          },
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        }),
      );
    const start = await port().readDeployStart({
      configPath: '.github/change-management.yml',
      sha: SHA,
      environment: 'production',
      gateRuns: { appId: null, checkName: 'Change Gate', vouchName: 'Change Gate · deployed production' },
    });
    expect(variables).not.toHaveProperty('appId');
    expect(variables).toMatchObject({
      checkName: 'Change Gate',
      vouchName: 'Change Gate · deployed production',
    });
    expect(query).not.toContain('$appId');
    expect(query).toContain('filterBy: { checkName: $checkName }');
    expect(query).toContain('filterBy: { checkName: $vouchName }');
    // Both apps' runs, each with its suite's app: the decision keeps the trusted app's (by slug).
    expect(start.pullRequestsOfSha?.[0]?.headCheckRuns?.runs.map((r) => [r.id, r.appId, r.appSlug])).toEqual([
      [41, 9, 'change-gate'],
      [42, 66, 'copycat'],
    ]);
  });

  it("gives the environment's newest deployments as REST lists them, and whether they are all", async () => {
    const node = {
      databaseId: 12,
      commitOid: SHA,
      createdAt: '2026-07-01T09:00:00Z',
      environment: 'production',
      payload: '{"change_gate":{"changes":[]}}',
    };
    const deployments = (nodes: unknown[], hasNextPage = false) => ({ pageInfo: { hasNextPage }, nodes });
    for (const answered of [
      deployments([node, { ...node, databaseId: 11, payload: null }], true),
      deployments([{ ...node, databaseId: null }]),
      deployments([{ ...node, environment: 'staging' }]),
      null,
    ]) {
      nock(API)
        .post('/graphql')
        .reply(200, answer({ defaultBranchRef: branch, config: null, deployments: answered }));
    }
    expect((await read()).deployments).toEqual({
      newestFirst: [
        {
          id: 12,
          sha: SHA,
          environment: 'production',
          createdAt: node.createdAt,
          payload: { change_gate: { changes: [] } },
        },
        { id: 11, sha: SHA, environment: 'production', createdAt: node.createdAt, payload: null },
      ],
      complete: false,
    });
    // A deployment without its id, one to another environment, or no list: left to the REST list.
    for (let index = 0; index < 3; index++) expect((await read()).deployments).toBeUndefined();
  });

  it("gives each deployment's latest status and the app's vouchers on its commit, when asked and whole", async () => {
    const voucher = {
      databaseId: 77,
      name: 'Change Gate · deployed production',
      status: 'COMPLETED',
      conclusion: 'SUCCESS',
      startedAt: null,
      title: null,
      summary: null,
      externalId: 'deployment-12',
      url: null,
    };
    const commit = (oid: string, more = false) => ({
      oid,
      checkSuites: {
        pageInfo: { hasNextPage: false },
        nodes: [
          {
            app: { databaseId: 9, slug: 'change-gate' },
            checkRuns: { pageInfo: { hasNextPage: more }, nodes: [voucher] },
          },
        ],
      },
    });
    const node = (overrides: Record<string, unknown>) => ({
      databaseId: 12,
      commitOid: SHA,
      createdAt: '2026-07-01T09:00:00Z',
      environment: 'production',
      payload: '{}',
      latestStatus: { state: 'SUCCESS' },
      commit: commit(SHA),
      ...overrides,
    });
    nock(API)
      .post('/graphql', (body) => {
        expect(body.variables).toMatchObject({ vouchName: 'Change Gate · deployed production' });
        return String(body.query).includes('latestStatus { state }');
      })
      .reply(
        200,
        answer({
          defaultBranchRef: branch,
          config: null,
          deployments: {
            pageInfo: { hasNextPage: false },
            nodes: [
              node({}),
              // No status yet; a commit of another SHA; more runs than a page; no latest status asked.
              node({ databaseId: 11, latestStatus: null, commit: commit('b'.repeat(40)) }),
              node({ databaseId: 10, commit: commit(SHA, true) }),
              node({ databaseId: 9, latestStatus: undefined, commit: null }),
            ],
          },
        }),
      );
    const start = await port().readDeployStart({
      configPath: '.github/change-management.yml',
      sha: SHA,
      environment: 'production',
      gateRuns: { appId: 9, checkName: 'Change Gate', vouchName: 'Change Gate · deployed production' },
    });
    const [first, second, third, fourth] = start.deployments?.newestFirst ?? [];
    expect(first).toMatchObject({
      id: 12,
      latestState: 'success',
      vouchRuns: {
        checkName: 'Change Gate · deployed production',
        runs: [expect.objectContaining({ id: 77, status: 'completed', conclusion: 'success', appId: 9 })],
      },
    });
    expect(second?.latestState).toBeNull();
    expect(second?.vouchRuns).toBeUndefined();
    expect(third?.latestState).toBe('success');
    expect(third?.vouchRuns).toBeUndefined();
    expect(fourth).not.toHaveProperty('latestState');
    expect(fourth).not.toHaveProperty('vouchRuns');
  });

  it('fails closed: an answer with errors, or without the branch or its tip, throws saying why', async () => {
    nock(API)
      .post('/graphql')
      .reply(
        200,
        answer({ defaultBranchRef: branch, config: null }, [
          {
            type: 'FORBIDDEN',
            path: ['repository', 'config'],
            message: 'Resource not accessible by integration',
          },
        ]),
      )
      .post('/graphql')
      .reply(200, answer({ defaultBranchRef: null, config: null }))
      .post('/graphql')
      .reply(200, answer({ defaultBranchRef: { name: 'main', target: null }, config: null }));
    expect(errorMessage(await read().catch((failure: unknown) => failure))).toMatch(
      /Resource not accessible by integration/,
    );
    for (let index = 0; index < 2; index++) {
      expect(errorMessage(await read().catch((failure: unknown) => failure))).toBe(
        'GitHub answered the repository acme/shop without its default branch and its tip',
      );
    }
  });
});
