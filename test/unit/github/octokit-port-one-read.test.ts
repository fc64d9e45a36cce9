import { describe, expect, it } from 'vitest';
import { createOctokitPort } from '../../../src/github/octokit/octokit-port.ts';
import { createTeamMembersCache } from '../../../src/github/octokit/team-members-cache.ts';
import { pullRequestNode } from '../../support/github-mocks.ts';

const REF = { owner: 'acme', repo: 'web', number: 2 };
const members = (logins: string[], hasNextPage = false) => ({
  members: { pageInfo: { hasNextPage }, nodes: logins.map((login) => ({ login })) },
});

/** GitHub's GraphQL as the port sees it: the facts answer, with the config blob and the asked teams. */
const fakeGitHub = (options: {
  config?: unknown;
  teams: Record<string, ReturnType<typeof members> | null>;
  /** Answer the organization part with this GraphQL error instead. */
  teamError?: string;
}) => {
  const calls: Array<{ operation: string; variables: Record<string, unknown> }> = [];
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const operation = /query (\w+)/.exec(query)?.[1] ?? '?';
    calls.push({ operation, variables });
    const organization = Object.fromEntries(
      Object.entries(variables)
        .filter(([name]) => /^t\d+$/.test(name))
        .map(([alias, slug]) => [alias, options.teams[String(slug)] ?? null]),
    );
    const hasTeams = Object.keys(organization).length > 0;
    const data =
      operation === 'TeamMembers'
        ? { organization }
        : {
            ...(hasTeams ? { organization } : {}),
            repository: {
              owner: { __typename: 'Organization', login: 'acme' },
              config: options.config,
              issueOrPullRequest: pullRequestNode(),
            },
          };
    if (options.teamError && hasTeams) {
      throw Object.assign(new Error(options.teamError), {
        name: 'GraphqlResponseError',
        data: { ...data, organization: null },
        errors: [{ message: options.teamError, path: ['organization'] }],
      });
    }
    return data;
  };
  const rest: string[] = [];
  const request = async (route: string) => {
    rest.push(route);
    throw Object.assign(new Error('Not Found'), { status: 404 });
  };
  const teams = createTeamMembersCache();
  const port = () => createOctokitPort({ octokit: { graphql, request } as never, teams });
  return { port, calls, rest };
};

describe('the GitHub port: one read for the facts, the config and the teams', () => {
  it('takes the config file from the facts answer, and reads the named teams in one more query, then with the facts', async () => {
    const github = fakeGitHub({
      config: {
        __typename: 'Blob',
        text: 'change_management:\n  label: chg\n',
        isTruncated: false,
        isBinary: false,
      },
      teams: { 'security-team': members(['sam']), 'change-manager': members(['carl']) },
    });
    const first = github.port();
    const [, config] = await Promise.all([first.readChange(REF), first.readConfig(REF)]);
    expect(config).toEqual({
      config: { change_management: { label: 'chg' } },
      files: ['acme/web:.github/change-management.yml'],
      error: null,
    });
    expect(
      await Promise.all([
        first.teamMembers('acme', 'security-team'),
        first.teamMembers('acme', 'change-manager'),
      ]),
    ).toEqual([['sam'], ['carl']]);
    expect(github.calls.map((call) => call.operation)).toEqual(['ChangeFacts', 'TeamMembers']);

    expect(github.rest).toEqual([]);
  });

  it('reads hinted teams with the facts; a removed member no longer counts at the next event', async () => {
    const teams: Record<string, ReturnType<typeof members> | null> = { 'security-team': members(['sam']) };
    const github = fakeGitHub({ config: null, teams });
    const first = github.port();
    await first.readChange(REF);
    expect(await first.teamMembers('acme', 'security-team')).toEqual(['sam']);
    teams['security-team'] = members([]);
    const second = github.port();
    await second.readChange(REF);
    expect(await second.teamMembers('acme', 'security-team')).toEqual([]);
    expect(github.calls.map((call) => call.operation)).toEqual(['ChangeFacts', 'TeamMembers', 'ChangeFacts']);
    expect(github.calls[2]?.variables).toMatchObject({
      t0: 'security-team',
      config: 'HEAD:.github/change-management.yml',
    });
  });

  it("the policy's teams, expected before any evaluation asked for one, are read with the next facts; known ones are kept", async () => {
    const teams = { 'security-team': members(['sam']), 'change-manager': members(['carl']) };
    const github = fakeGitHub({ config: null, teams });
    const first = github.port();
    await first.readChange(REF);
    first.expectTeams?.('acme', ['security-team', 'change-manager']);
    const second = github.port();
    await second.readChange(REF);
    // Read with the facts: no TeamMembers query for them.
    expect(
      await Promise.all([
        second.teamMembers('acme', 'security-team'),
        second.teamMembers('acme', 'change-manager'),
      ]),
    ).toEqual([['sam'], ['carl']]);
    expect(github.calls.map((call) => call.operation)).toEqual(['ChangeFacts', 'ChangeFacts']);
    expect(github.calls[1]?.variables).toMatchObject({ t0: 'security-team', t1: 'change-manager' });
    // Teams evaluations asked for are what the next reads take; a policy's guess does not displace them.
    second.expectTeams?.('acme', ['release-managers']);
    await github.port().readChange(REF);
    expect(github.calls[2]?.variables).not.toHaveProperty('t2');
    expect(Object.values(github.calls[2]?.variables ?? {})).not.toContain('release-managers');
  });

  it('a config file absent from the repository falls back to the owner’s .github repository over REST', async () => {
    const github = fakeGitHub({ config: null, teams: {} });
    const port = github.port();
    const [, config] = await Promise.all([port.readChange(REF), port.readConfig(REF)]);
    expect(config).toEqual({ config: null, files: [], error: null });
    expect(github.rest).toEqual(['GET /repos/{owner}/{repo}/contents/{path}']);
  });

  it('a truncated blob is read over REST instead', async () => {
    const github = fakeGitHub({
      config: { __typename: 'Blob', text: 'x', isTruncated: true, isBinary: false },
      teams: {},
    });
    const port = github.port();
    await Promise.all([port.readChange(REF), port.readConfig(REF)]);
    expect(github.rest).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path}',
      'GET /repos/{owner}/{repo}/contents/{path}',
    ]);
  });

  it('teams that cannot be read with the facts (an error, a second page) are read over REST, which fails closed', async () => {
    const github = fakeGitHub({ config: null, teams: { big: members(['a'], true) } });
    const port = github.port();
    await port.readChange(REF);
    expect(await port.teamMembers('acme', 'big')).toBeNull();
    expect(github.rest).toContain('GET /orgs/{org}/teams/{team_slug}/members');

    const failing = fakeGitHub({
      config: null,
      teams: { 'security-team': members(['sam']) },
      teamError: 'Resource not accessible by integration',
    });
    const warm = failing.port();
    await warm.readChange(REF);
    await warm.teamMembers('acme', 'security-team');
    const hinted = failing.port();
    const facts = await hinted.readChange(REF);
    expect(facts.number).toBe(2);
    expect(await hinted.teamMembers('acme', 'security-team')).toBeNull();
  });
});
