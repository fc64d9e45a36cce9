import { parse, validate } from 'graphql';
import { describe, expect, test } from 'vitest';
import { githubGraphQLSchema } from '../../sandbox/github-sim/graphql/github-schema.ts';
import { afterEntriesMutation } from '../../src/github/octokit/after-entries-mutation.ts';
import {
  CHANGE_FACTS_QUERY,
  changeFactsQuery,
  connectionPageQuery,
} from '../../src/github/octokit/change-facts-query.ts';
import { checkThenEntriesMutation } from '../../src/github/octokit/check-then-entries-mutation.ts';

import { DEPLOY_RANGE_QUERY } from '../../src/github/octokit/deploy-range-query.ts';
import { deployStartQuery } from '../../src/github/octokit/deploy-start-query.ts';
import { OPEN_CHANGES_QUERY } from '../../src/github/octokit/octokit-sweep-port.ts';
import { teamMembersQuery } from '../../src/github/octokit/team-members-query.ts';

/** The last approval's shape: the passing check, then the labels. */
const CHECK_THEN_LABELS_MUTATION = afterEntriesMutation({ check: true, labels: true, comment: null });

describe("the app's GraphQL queries against GitHub's published schema", () => {
  test.each([
    ['ChangeFacts', CHANGE_FACTS_QUERY],
    ['ChangeFacts with three teams', changeFactsQuery({ teams: 3 })],
    ['TeamMembers', teamMembersQuery(2)],
    ['comments page', connectionPageQuery('comments')],
    ['reviews page', connectionPageQuery('reviews')],
    ['files page', connectionPageQuery('files')],
    ['OpenChanges (the sweep)', OPEN_CHANGES_QUERY],
    ['DeployStart (the deploy gate)', deployStartQuery({ checkRuns: false })],
    ["DeployStart with the check runs on the pull requests' heads", deployStartQuery({ checkRuns: 'app' })],
    [
      "DeployStart with any app's runs of the gate's names (no app id)",
      deployStartQuery({ checkRuns: 'name' }),
    ],
    ["DeployRange (the deploy's range: history, parents, pull requests)", DEPLOY_RANGE_QUERY],
    ['AfterEntries: the check, then the labels', CHECK_THEN_LABELS_MUTATION],
    [
      "AfterEntries: the labels, the steps comment, then a deployment's voucher",
      afterEntriesMutation({ check: false, labels: true, comment: 'update', create: true }),
    ],
    [
      'CheckThenEntries: a new run, then one entry',
      checkThenEntriesMutation({ check: 'create', entries: 1 }),
    ],
    [
      'CheckThenEntries: our run updated, then two entries',
      checkThenEntriesMutation({ check: 'update', entries: 2 }),
    ],
    ...[true, false]
      .flatMap((check) =>
        [true, false].flatMap((labels) =>
          (['add', 'update', null] as const).map((comment): [string, string] => [
            `AfterEntries: ${JSON.stringify({ check, labels, comment })}`,
            afterEntriesMutation({ check, labels, comment }),
          ]),
        ),
      )
      .filter(([name]) => name !== 'AfterEntries: {"check":false,"labels":false,"comment":null}'),
  ])('%s validates', (_name, query) => {
    expect(validate(githubGraphQLSchema(), parse(query)).map((error) => error.message)).toEqual([]);
  });
});
