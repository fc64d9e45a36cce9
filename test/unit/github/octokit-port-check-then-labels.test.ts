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
  const sent: Array<{ operation: string; variables?: Record<string, unknown> }> = [];
  const withIds = options.withIds ?? true;
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const operation = /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '?';
    sent.push({ operation, variables });
    if (operation === 'CheckThenLabels') {
      return (
        options.mutation?.() ?? {
          updateCheckRun: { checkRun: { id: 'CR_7' } },
          updatePullRequest: { pullRequest: { id: 'PR_2' } },
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
    return { data: [] };
  };
  const port = createOctokitPort({
    octokit: { graphql, request } as never,
    teams: createTeamMembersCache(),
  });
  return { port, sent };
};

describe('the GitHub port: the passing check, then the labels, in one GraphQL request', () => {
  it('sends both mutations in one request, the check first, with the node ids the facts read gave', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    const outcome = await github.port.updateCheckRunThenLabels?.(REF, 7, RUN, [
      'change',
      'frontend',
      'change:approved',
    ]);
    expect(outcome).toBe('one request');
    expect(github.sent.map((call) => call.operation)).toEqual(['ChangeFacts', 'CheckThenLabels']);
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
    });
  });

  it('falls back to the REST calls, check first, when a label is missing from the repository (only REST creates it)', async () => {
    const github = fakeGitHub({});
    await github.port.readChange(REF);
    const outcome = await github.port.updateCheckRunThenLabels?.(REF, 7, RUN, ['change', 'change:completed']);
    expect(outcome).toBe('two requests');
    expect(github.sent.map((call) => call.operation)).toEqual([
      'ChangeFacts',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels',
    ]);
    expect(github.sent[2]?.variables).toMatchObject({ labels: ['change', 'change:completed'] });
  });

  it('falls back when the read gave no ids, the run is not one read, the set is empty, or the change was not read', async () => {
    const noIds = fakeGitHub({ withIds: false });
    await noIds.port.readChange(REF);
    expect(await noIds.port.updateCheckRunThenLabels?.(REF, 7, RUN, ['change'])).toBe('two requests');

    const github = fakeGitHub({});
    expect(await github.port.updateCheckRunThenLabels?.(REF, 7, RUN, ['change'])).toBe('two requests');
    await github.port.readChange(REF);
    expect(await github.port.updateCheckRunThenLabels?.(REF, 8, RUN, ['change'])).toBe('two requests');
    expect(await github.port.updateCheckRunThenLabels?.(REF, 7, RUN, [])).toBe('two requests');
    expect(github.sent.map((call) => call.operation)).not.toContain('CheckThenLabels');
    expect(github.sent.at(-1)?.operation).toBe('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels');
  });

  it('fails the write on any GraphQL error, even with data next to it (the check written, the labels not)', async () => {
    const github = fakeGitHub({
      mutation: () => {
        throw Object.assign(new Error('Could not resolve to a node with the global id of L_approved'), {
          name: 'GraphqlResponseError',
          data: { updateCheckRun: { checkRun: { id: 'CR_7' } }, updatePullRequest: null },
          errors: [
            { type: 'NOT_FOUND', path: ['updatePullRequest'], message: 'Could not resolve to a node' },
          ],
        });
      },
    });
    await github.port.readChange(REF);
    const failed = await github.port
      .updateCheckRunThenLabels?.(REF, 7, RUN, ['change', 'change:approved'])
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GitHubError);
    expect(String((failed as Error).message)).toMatch(/Could not resolve to a node/);
  });

  it('fails the write when GitHub does not confirm both mutations', async () => {
    const github = fakeGitHub({
      mutation: () => ({ updateCheckRun: { checkRun: { id: 'CR_7' } }, updatePullRequest: null }),
    });
    await github.port.readChange(REF);
    await expect(github.port.updateCheckRunThenLabels?.(REF, 7, RUN, ['change'])).rejects.toThrow(
      /did not confirm the check run and labels/,
    );
  });
});
