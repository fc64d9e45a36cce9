import { describe, expect, it } from 'vitest';
import type { CheckRunPlan } from '../../../src/core/decision/check-run-plan.ts';
import { createOctokitPort } from '../../../src/github/octokit/octokit-port.ts';
import { createTeamMembersCache } from '../../../src/github/octokit/team-members-cache.ts';
import { GitHubError } from '../../../src/github/ports/github-error.ts';
import { pullRequestNode } from '../../support/github-mocks.ts';

const REF = { owner: 'acme', repo: 'web', number: 2 };
const RUN: CheckRunPlan = {
  name: 'Change Gate',
  headSha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'success',
  title: 'Approved',
  summary: 'all roles approved',
  text: '',
  externalId: 'CHG-1',
};

/** The facts answer with node ids (as the facts query reads them), and what the port then sent. */
const fakeGitHub = (options: {
  withIds?: boolean;
  /** How GitHub answers the mutation. */
  mutation?: () => unknown;
}) => {
  const sent: Array<{ operation: string; variables?: Record<string, unknown>; query?: string }> = [];
  const withIds = options.withIds ?? true;
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const operation = /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '?';
    sent.push({ operation, variables, query });
    if (operation === 'CheckThenEntries') {
      const entries = Object.keys(variables).filter((name) => name.startsWith('entry'));
      return (
        options.mutation?.() ?? {
          [query.includes('createCheckRun(') ? 'createCheckRun' : 'updateCheckRun']: {
            checkRun: query.includes('createCheckRun(')
              ? { id: 'CR_20', databaseId: 20 }
              : { id: 'CR_7', databaseId: 7 },
          },
          ...Object.fromEntries(
            entries.map((name, index) => [name, { commentEdge: { node: { databaseId: 30 + index } } }]),
          ),
        }
      );
    }
    if (operation === 'AfterEntries') {
      return (
        options.mutation?.() ?? {
          ...(query.includes('updateCheckRun(') ? { updateCheckRun: { checkRun: { id: 'CR_7' } } } : {}),
          ...(query.includes('updatePullRequest(')
            ? { updatePullRequest: { pullRequest: { id: 'PR_2' } } }
            : {}),
          ...(query.includes('updateIssueComment(')
            ? { updateIssueComment: { issueComment: { id: 'IC_5' } } }
            : {}),
          ...(query.includes('addComment(')
            ? { addComment: { commentEdge: { node: { id: 'IC_12', databaseId: 12 } } } }
            : {}),
          ...(query.includes('createCheckRun(') ? { createCheckRun: { checkRun: { id: 'CR_40' } } } : {}),
        }
      );
    }
    return {
      repository: {
        ...(withIds ? { id: 'R_1' } : {}),
        owner: { __typename: 'Organization', login: 'acme' },
        managedLabels: {
          nodes: [
            { id: 'L_approved', name: 'change:approved' },
            { id: 'L_pending', name: 'change:pending-approval' },
          ],
        },
        config: null,
        issueOrPullRequest: pullRequestNode({
          ...(withIds ? { id: 'PR_2' } : {}),
          comments: {
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [
              {
                ...(withIds ? { id: 'IC_5' } : {}),
                databaseId: 5,
                body: '<!-- change-gate:steps -->',
                createdAt: '2026-11-30T10:00:00Z',
                updatedAt: '2026-11-30T10:00:00Z',
                lastEditedAt: null,
                author: { __typename: 'Bot', login: 'change-gate' },
              },
            ],
          },
          labels: {
            nodes: [
              { id: 'L_change', name: 'change' },
              { id: 'L_front', name: 'Frontend' },
              { id: 'L_pending', name: 'change:pending-approval' },
            ],
          },
          commits: {
            nodes: [
              {
                commit: {
                  oid: RUN.headSha,
                  checkSuites: {
                    nodes: [
                      {
                        app: { databaseId: 1, slug: 'change-gate' },
                        checkRuns: {
                          nodes: [
                            {
                              id: 'CR_7',
                              databaseId: 7,
                              name: 'Change Gate',
                              status: 'IN_PROGRESS',
                              conclusion: null,
                              startedAt: null,
                              title: 'Pending',
                              summary: 'pending',
                            },
                          ],
                        },
                      },
                    ],
                  },
                  status: null,
                },
              },
            ],
          },
        }),
      },
    };
  };
  const request = async (route: string, parameters: Record<string, unknown>) => {
    sent.push({ operation: route, variables: parameters });
    // A new run: REST's answer gives its node id, which a later GraphQL write may name.
    if (route === 'POST /repos/{owner}/{repo}/check-runs') return { data: { id: 9, node_id: 'CR_9' } };
    if (route.startsWith('POST ')) return { data: { id: 13 } };
    return { data: [] };
  };
  const port = createOctokitPort({
    octokit: { graphql, request } as never,
    teams: createTeamMembersCache(),
  });
  return { port, sent };
};

describe('the GitHub port: the writes after the entries (check, labels, steps comment) in one GraphQL request', () => {
  const ALL = {
    check: { id: 7, run: RUN },
    labels: ['change', 'frontend', 'change:approved'],
    comment: { id: 5, body: 'steps, ticked' },
  };

  it('sends the three mutations in one request, in order, with the node ids the facts read gave', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    expect(await github.port.writeAfterEntries?.(REF, ALL)).toBe('one request');
    expect(github.sent.map((call) => call.operation)).toEqual(['ChangeFacts', 'AfterEntries']);
    expect(github.sent[1]?.variables).toEqual({
      check: {
        repositoryId: 'R_1',
        checkRunId: 'CR_7',
        name: 'Change Gate',
        externalId: 'CHG-1',
        status: 'COMPLETED',
        conclusion: 'SUCCESS',
        completedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        output: { title: 'Approved', summary: 'all roles approved', text: '' },
      },
      // People's labels kept (matched without regard to case), ours by the repository's ids.
      labels: { pullRequestId: 'PR_2', labelIds: ['L_change', 'L_front', 'L_approved'] },
      comment: { id: 'IC_5', body: 'steps, ticked' },
    });
  });

  it('writes the mutations in the order check, labels, comment in the document', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    await github.port.writeAfterEntries?.(REF, ALL);
    const mutation = github.sent.at(-1)?.query ?? '';
    const at = (field: string) => mutation.indexOf(`${field}(input:`);
    expect(at('updateCheckRun')).toBeGreaterThan(0);
    expect(at('updatePullRequest')).toBeGreaterThan(at('updateCheckRun'));
    expect(at('updateIssueComment')).toBeGreaterThan(at('updatePullRequest'));
    expect(mutation).not.toMatch(/addComment/);
  });

  it('posts a new steps comment in the request (addComment on the pull request) with a run this port created', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    // The run created in this apply, before the entries: REST gave its node id.
    const { id } = await github.port.createCheckRun(REF, { ...RUN, status: 'in_progress', conclusion: null });
    expect(
      await github.port.writeAfterEntries?.(REF, {
        check: { id, run: RUN },
        labels: ['change'],
        comment: { body: 'the steps' },
      }),
    ).toBe('one request');
    expect(github.sent.at(-1)).toMatchObject({
      operation: 'AfterEntries',
      variables: {
        check: { checkRunId: 'CR_9' },
        labels: { labelIds: ['L_change'] },
        comment: { subjectId: 'PR_2', body: 'the steps' },
      },
    });
  });

  it("creates a new run last in the request (a deployment's voucher, on another commit); by REST last without ids", async () => {
    const voucher: CheckRunPlan = {
      ...RUN,
      name: 'Change Gate · deployed production',
      headSha: 'd'.repeat(40),
    };
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    expect(await github.port.writeAfterEntries?.(REF, { labels: ['change'], create: voucher })).toBe(
      'one request',
    );
    const sent = github.sent.at(-1);
    expect(sent?.variables).toMatchObject({
      labels: { labelIds: ['L_change'] },
      create: { repositoryId: 'R_1', headSha: 'd'.repeat(40), name: voucher.name, conclusion: 'SUCCESS' },
    });
    expect(sent?.query?.indexOf('createCheckRun(')).toBeGreaterThan(
      sent?.query?.indexOf('updatePullRequest(') ?? 0,
    );

    const noIds = fakeGitHub({ withIds: false });
    await noIds.port.readChange(REF);
    expect(await noIds.port.writeAfterEntries?.(REF, { labels: ['change'], create: voucher })).toBe(
      'separate requests',
    );
    expect(noIds.sent.slice(1).map((call) => call.operation)).toEqual([
      'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels',
      'POST /repos/{owner}/{repo}/check-runs',
    ]);
  });

  it('fails the write when GitHub does not confirm the new run', async () => {
    const github = fakeGitHub({ mutation: () => ({ updatePullRequest: { pullRequest: { id: 'PR_2' } } }) });
    await github.port.readChange(REF);
    await expect(
      github.port.writeAfterEntries?.(REF, {
        labels: ['change'],
        create: { ...RUN, headSha: 'd'.repeat(40) },
      }),
    ).rejects.toThrow(/did not confirm the writes after the entries/);
  });

  it('falls back to the REST calls, in the same order, when a label is missing from the repository (only REST creates it)', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    const outcome = await github.port.writeAfterEntries?.(REF, {
      ...ALL,
      labels: ['change', 'change:completed'],
    });
    expect(outcome).toBe('separate requests');
    expect(github.sent.map((call) => call.operation)).toEqual([
      'ChangeFacts',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
    expect(github.sent[2]?.variables).toMatchObject({ labels: ['change', 'change:completed'] });
    expect(github.sent[3]?.variables).toMatchObject({ comment_id: 5, body: 'steps, ticked' });
  });

  it('one write alone goes by REST (the same cost); a new comment then by POST', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    expect(await github.port.writeAfterEntries?.(REF, { comment: { body: 'the steps' } })).toBe(
      'separate requests',
    );
    expect(await github.port.writeAfterEntries?.(REF, { labels: ['change'] })).toBe('separate requests');
    expect(github.sent.slice(1).map((call) => call.operation)).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels',
    ]);
  });

  it('falls back when the read gave no ids, the run or comment is not known, the set is empty, or the change was not read', async () => {
    const noIds = fakeGitHub({ withIds: false });
    await noIds.port.readChange(REF);
    expect(await noIds.port.writeAfterEntries?.(REF, ALL)).toBe('separate requests');

    const github = fakeGitHub({});
    expect(await github.port.writeAfterEntries?.(REF, ALL)).toBe('separate requests');
    await github.port.readChange(REF);
    expect(await github.port.writeAfterEntries?.(REF, { ...ALL, check: { id: 8, run: RUN } })).toBe(
      'separate requests',
    );
    expect(await github.port.writeAfterEntries?.(REF, { ...ALL, comment: { id: 6, body: 'x' } })).toBe(
      'separate requests',
    );
    expect(await github.port.writeAfterEntries?.(REF, { check: ALL.check, labels: [] })).toBe(
      'separate requests',
    );
    expect(github.sent.map((call) => call.operation)).not.toContain('AfterEntries');
    expect(github.sent.at(-1)?.operation).toBe('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels');
  });

  it('fails the write on any GraphQL error, even with data next to it (the check written, the rest not)', async () => {
    const github = fakeGitHub({
      mutation: () => {
        throw Object.assign(new Error('Could not resolve to a node with the global id of L_approved'), {
          name: 'GraphqlResponseError',
          data: {
            updateCheckRun: { checkRun: { id: 'CR_7' } },
            updatePullRequest: null,
            updateIssueComment: { issueComment: { id: 'IC_5' } },
          },
          errors: [
            { type: 'NOT_FOUND', path: ['updatePullRequest'], message: 'Could not resolve to a node' },
          ],
        });
      },
    });
    await github.port.readChange(REF);
    const failed = await github.port.writeAfterEntries?.(REF, ALL).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GitHubError);
    expect(String((failed as Error).message)).toMatch(/Could not resolve to a node/);
    // Never resent by the port: the caller's retry reads again first.
    expect(github.sent.filter((call) => call.operation === 'AfterEntries')).toHaveLength(1);
  });

  it.each([
    [
      'the check',
      {
        updatePullRequest: { pullRequest: { id: 'PR_2' } },
        updateIssueComment: { issueComment: { id: 'IC_5' } },
      },
    ],
    [
      'the labels',
      { updateCheckRun: { checkRun: { id: 'CR_7' } }, updateIssueComment: { issueComment: { id: 'IC_5' } } },
    ],
    [
      'the comment',
      { updateCheckRun: { checkRun: { id: 'CR_7' } }, updatePullRequest: { pullRequest: { id: 'PR_2' } } },
    ],
  ])('fails the write when GitHub does not confirm %s', async (_what, answer) => {
    const github = fakeGitHub({ mutation: () => answer });
    await github.port.readChange(REF);
    await expect(github.port.writeAfterEntries?.(REF, ALL)).rejects.toThrow(
      /did not confirm the writes after the entries/,
    );
  });
});

describe('the GitHub port: a check that does not pass, then the entries, in one GraphQL request', () => {
  const PENDING: CheckRunPlan = { ...RUN, status: 'in_progress', conclusion: null, title: 'Pending' };

  it('creates the run, then posts the history comment on the pull request, in that order; the ids back', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    // Two comments never go in one request: a failed first next to a posted second would leave a gap.
    expect(
      await github.port.writeCheckThenEntries?.(REF, {
        check: { id: null, run: PENDING },
        entries: ['entry one', 'entry two'],
      }),
    ).toBeNull();
    expect(github.sent.map((call) => call.operation)).not.toContain('CheckThenEntries');
    const answer = await github.port.writeCheckThenEntries?.(REF, {
      check: { id: null, run: PENDING },
      entries: ['entry one'],
    });
    expect(answer).toEqual({ checkId: 20, commentIds: [30] });
    const sent = github.sent.at(-1);
    expect(sent?.operation).toBe('CheckThenEntries');
    expect(sent?.variables).toEqual({
      check: {
        repositoryId: 'R_1',
        headSha: RUN.headSha,
        name: 'Change Gate',
        externalId: 'CHG-1',
        status: 'IN_PROGRESS',
        output: { title: 'Pending', summary: 'all roles approved', text: '' },
      },
      entry0: { subjectId: 'PR_2', body: 'entry one' },
    });
    const query = sent?.query ?? '';
    expect(query.indexOf('createCheckRun(')).toBeGreaterThan(0);
    expect(query.indexOf('entry0: addComment(')).toBeGreaterThan(query.indexOf('createCheckRun('));
    // The run it created is known by its node id: the writes after the entries update it in their request.
    await github.port.writeAfterEntries?.(REF, { check: { id: 20, run: RUN }, labels: ['change'] });
    expect(github.sent.at(-1)).toMatchObject({
      operation: 'AfterEntries',
      variables: { check: { checkRunId: 'CR_20' } },
    });
  });

  it('updates our run read with the facts when given its id', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    expect(
      await github.port.writeCheckThenEntries?.(REF, { check: { id: 7, run: PENDING }, entries: ['entry'] }),
    ).toEqual({ checkId: 7, commentIds: [30] });
    expect(github.sent.at(-1)?.variables).toMatchObject({ check: { checkRunId: 'CR_7' } });
    expect(github.sent.at(-1)?.query).toMatch(/updateCheckRun\(input: \$check\)/);
  });

  it('writes nothing and answers null when an id is unknown: no ids read, a run it does not know, not read', async () => {
    const noIds = fakeGitHub({ withIds: false });
    await noIds.port.readChange(REF);
    const writes = { check: { id: null, run: PENDING }, entries: ['entry'] };
    expect(await noIds.port.writeCheckThenEntries?.(REF, writes)).toBeNull();
    const github = fakeGitHub({});
    expect(await github.port.writeCheckThenEntries?.(REF, writes)).toBeNull();
    await github.port.readChange(REF);
    expect(
      await github.port.writeCheckThenEntries?.(REF, { check: { id: 8, run: PENDING }, entries: ['entry'] }),
    ).toBeNull();
    expect([...noIds.sent, ...github.sent].map((call) => call.operation)).not.toContain('CheckThenEntries');
  });

  it('fails on any GraphQL error (the check refused, the entry posted), and when GitHub does not confirm an entry', async () => {
    const refused = fakeGitHub({
      mutation: () => {
        throw Object.assign(new Error('Resource not accessible by integration'), {
          name: 'GraphqlResponseError',
          data: { createCheckRun: null, entry0: { commentEdge: { node: { databaseId: 30 } } } },
          errors: [{ type: 'FORBIDDEN', path: ['createCheckRun'], message: 'Resource not accessible' }],
        });
      },
    });
    await refused.port.readChange(REF);
    const writes = { check: { id: null, run: PENDING }, entries: ['entry'] };
    await expect(refused.port.writeCheckThenEntries?.(REF, writes)).rejects.toBeInstanceOf(GitHubError);
    expect(refused.sent.filter((call) => call.operation === 'CheckThenEntries')).toHaveLength(1);

    const unconfirmed = fakeGitHub({
      mutation: () => ({ createCheckRun: { checkRun: { id: 'CR_20', databaseId: 20 } }, entry0: null }),
    });
    await unconfirmed.port.readChange(REF);
    await expect(unconfirmed.port.writeCheckThenEntries?.(REF, writes)).rejects.toThrow(
      /did not confirm the check and the entries/,
    );
  });
});
