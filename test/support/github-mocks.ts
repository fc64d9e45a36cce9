import type nock from 'nock';
import { coveredPullsMarker } from '../../src/core/decision/covered-pulls-marker.ts';
import { API, APP_ID, examplePayload } from './probot-harness.ts';
import { SEED_PR_BODY, SEED_TEAMS } from './reconcile-harness.ts';

/** The repository of @octokit/webhooks-examples, where every example event happens. */
export const REPO = '/repos/Codertocat/Hello-World';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const DEPLOYED = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
export const RUN_ID = 4242;
export const CONFIG =
  /\/repos\/Codertocat\/(Hello-World|\.github)\/contents\/\.github(%2F|\/)change-management\.yml/;

/** A `deployment_protection_rule.requested` delivery (GitHub publishes no example; built from its docs). */
type Payload = ReturnType<typeof examplePayload>;

export const protectionRulePayload = (overrides: (payload: Payload) => void = () => {}): Payload => {
  const base = examplePayload('deployment_status', 'created');
  const payload: Payload = {
    action: 'requested',
    environment: 'production',
    event: 'push',
    deployment_callback_url: `${API}${REPO}/actions/runs/${RUN_ID}/deployment_protection_rule`,
    deployment: { ...base.deployment, sha: DEPLOYED, ref: 'master', environment: 'production', payload: {} },
    pull_requests: [],
    repository: base.repository,
    organization: { login: 'Codertocat', id: 1 },
    installation: base.installation,
    sender: base.sender,
  };
  overrides(payload);
  return payload;
};

/** A REST check run as `GET /commits/{ref}/check-runs` lists it. */
export const restCheckRun = (overrides: Record<string, unknown> = {}) => ({
  id: 555,
  name: 'Change Gate',
  head_sha: HEAD,
  status: 'completed',
  conclusion: 'success',
  started_at: '2026-07-01T10:00:00Z',
  external_id: 'CHG-2026-002',
  html_url: 'https://github.com/Codertocat/Hello-World/runs/555',
  output: { title: 'Approved — CHG-2026-002', summary: coveredPullsMarker([2]) },
  app: { id: APP_ID, slug: 'change-gate' },
  ...overrides,
});

/** The pull request #2 (the seed change) as `GET /commits/{sha}/pulls` lists it. */
export const restPullRequest = (overrides: Record<string, unknown> = {}) => ({
  number: 2,
  title: 'Update the README with new information.',
  body: SEED_PR_BODY,
  state: 'closed',
  merged_at: '2026-07-01T09:00:00Z',
  merge_commit_sha: DEPLOYED,
  head: { sha: HEAD },
  base: { ref: 'master' },
  labels: [{ name: 'change' }, { name: 'change:approved' }],
  ...overrides,
});

/**
 * The gate's first read, one GraphQL query: the default branch (master), its tip (`tip`, default DEPLOYED)
 * and the repository's config file there (`config`; none: then the owner's `.github` is read, and has none).
 * A tip other than the deployed commit makes the gate compare (`master...DEPLOYED`, answered: behind).
 */
export const mockDefaultBranch = (scope: nock.Scope, options: { config?: string; tip?: string } = {}) => {
  const tip = options.tip ?? DEPLOYED;
  scope
    .post('/graphql', (body) => String(body.query).includes('query DeployStart('))
    .reply(200, {
      data: {
        repository: {
          defaultBranchRef: { name: 'master', target: { __typename: 'Commit', oid: tip } },
          config: options.config
            ? { __typename: 'Blob', text: options.config, isTruncated: false, isBinary: false }
            : null,
        },
      },
    });
  if (!options.config) {
    scope
      .get('/repos/Codertocat/.github/contents/.github%2Fchange-management.yml')
      .reply(404, { message: 'Not Found' });
  }
  if (tip !== DEPLOYED) {
    scope
      .get(`${REPO}/compare/master...${DEPLOYED}`)
      .query({ page: '1', per_page: '1' })
      .reply(200, { status: 'behind', total_commits: 0, commits: [] });
  }
  return scope;
};

/**
 * What the gate reads for a first deploy of DEPLOYED (the tip of master, the default branch) to production:
 * the default branch with the config on it (none: defaults), no earlier deployment, PR #2 and its check runs.
 */
export const mockGateReads = (
  scope: nock.Scope,
  options: { runs?: unknown[]; config?: string; pulls?: unknown[]; environment?: string } = {},
) => {
  mockDefaultBranch(scope, options.config === undefined ? {} : { config: options.config });
  scope
    .get(`${REPO}/deployments`)
    .query({ environment: options.environment ?? 'production', page: '1', per_page: '100' })
    .reply(200, [])
    .get(`${REPO}/commits/${DEPLOYED}/pulls`)
    .query({ per_page: '100', page: '1' })
    .reply(200, options.pulls ?? [restPullRequest()])
    .get(`${REPO}/commits/${HEAD}/check-runs`)
    .query({ check_name: 'Change Gate', filter: 'all', per_page: '100', page: '1' })
    .reply(200, { total_count: 1, check_runs: options.runs ?? [restCheckRun()] });
  return scope;
};

/** Records the body of the protection rule review the app posts. */
export const mockReview = (scope: nock.Scope, reviews: Array<Record<string, unknown>>) =>
  scope
    .post(`${REPO}/actions/runs/${RUN_ID}/deployment_protection_rule`, (body) => {
      reviews.push(body);
      return true;
    })
    .reply(204);

/** The GraphQL node of PR #2 the change evaluation reads. */
export const pullRequestNode = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'PullRequest',
  number: 2,
  title: 'Update the README with new information.',
  body: SEED_PR_BODY,
  prState: 'OPEN',
  merged: false,
  isDraft: false,
  createdAt: '2026-03-02T10:00:00Z',
  headRefOid: HEAD,
  baseRefName: 'master',
  author: { __typename: 'User', login: 'Codertocat' },
  labels: { nodes: [{ name: 'change' }] },
  files: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ path: 'README.md' }] },
  reviews: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
  comments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
  commits: { nodes: [{ commit: { oid: HEAD, checkSuites: { nodes: [] }, status: null } }] },
  ...overrides,
});

export const factsReply = (node: Record<string, unknown>) => ({
  data: {
    repository: { owner: { __typename: 'Organization', login: 'Codertocat' }, issueOrPullRequest: node },
  },
});

/** A comment the app posted, as GraphQL returns it on the next read. */
export const botCommentNode = (id: number, body: string) => ({
  databaseId: id,
  body,
  createdAt: '2026-07-01T12:00:00Z',
  updatedAt: '2026-07-01T12:00:00Z',
  lastEditedAt: null,
  author: { __typename: 'Bot', login: 'change-gate' },
});

/**
 * The one GraphQL query that reads the members of the teams an evaluation names (those the facts query did
 * not read already), answered from `teams` (slug → logins; a slug not in it is a team that does not exist).
 */
export const mockTeamMembers = (scope: nock.Scope, teams: Record<string, string[]>) => {
  // nock hands a reply function a fetch Request (its body unread): the body is kept by the matcher instead.
  let variables: Record<string, string> = {};
  return scope
    .post('/graphql', (body) => {
      if (!String(body.query).includes('query TeamMembers(')) return false;
      variables = body.variables;
      return true;
    })
    .reply(200, () => ({
      data: {
        organization: Object.fromEntries(
          Object.entries(variables)
            .filter(([name]) => /^t\d+$/.test(name))
            .map(([alias, slug]) => [
              alias,
              teams[slug]
                ? {
                    members: {
                      pageInfo: { hasNextPage: false },
                      nodes: teams[slug].map((login) => ({ login })),
                    },
                  }
                : null,
            ]),
        ),
      },
    }));
};

/** The seed's teams, each without members. */
export const NO_MEMBERS: Record<string, string[]> = Object.fromEntries(
  Object.keys(SEED_TEAMS).map((team) => [team, []]),
);
