import { describe, expect, it } from 'vitest';
import type { GqlChange } from '../../../src/github/octokit/change-facts-query.ts';
import { toChangeFacts } from '../../../src/github/octokit/to-change-facts.ts';

const pull = (extra: Partial<GqlChange>): GqlChange => ({
  __typename: 'PullRequest',
  number: 7,
  title: 't',
  body: '',
  prState: 'OPEN',
  createdAt: '2026-01-01T00:00:00Z',
  author: { __typename: 'User', login: 'dana' },
  labels: { nodes: [] },
  comments: { nodes: [] },
  headRefOid: 'abc',
  reviews: { nodes: [] },
  ...extra,
});

const facts = (change: GqlChange) =>
  toChangeFacts({ ref: { owner: 'acme', repo: 'web', number: 7 }, ownerType: 'Organization', change });

describe('toChangeFacts', () => {
  it('names the users GitHub links to commit authors, co-authors and committers, once each', () => {
    const result = facts(
      pull({
        authorship: {
          totalCount: 2,
          nodes: [
            {
              commit: {
                author: { user: { login: 'dana' } },
                committer: { user: null },
                authors: { nodes: [{ user: { login: 'dana' } }, { user: { login: 'carl' } }] },
              },
            },
            { commit: { author: { user: null }, committer: { user: { login: 'web-flow' } } } },
          ],
        },
      }),
    );
    expect(result.commitAuthors).toEqual(['dana', 'carl', 'web-flow']);
  });

  it('says the commit authors are unknown when GitHub gave fewer commits than the PR has', () => {
    expect(facts(pull({ authorship: { totalCount: 300, nodes: [] } })).commitAuthors).toBeNull();
  });

  it('reads a review by an app as the app, never as a user of the same login', () => {
    const result = facts(
      pull({
        reviews: {
          nodes: [
            {
              databaseId: 1,
              state: 'APPROVED',
              submittedAt: '2026-01-01T00:00:00Z',
              body: '',
              author: { __typename: 'Bot', login: 'carl' },
              commit: { oid: 'abc' },
            },
          ],
        },
      }),
    );
    expect(result.reviews.map((review) => review.author)).toEqual(['carl[bot]']);
  });

  it('keeps the latest force-push of the timeline', () => {
    const result = facts(
      pull({
        timelineItems: {
          nodes: [{ id: 'HRFPE_1', createdAt: '2026-01-02T00:00:00Z', afterCommit: { oid: 'abc' } }],
        },
      }),
    );
    expect(result.lastForcePush).toEqual({ id: 'HRFPE_1', at: '2026-01-02T00:00:00Z', after: 'abc' });
  });
});
