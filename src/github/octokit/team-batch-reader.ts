import type { ProbotOctokit } from 'probot';
import { partialAnswer } from './partial-graphql-answer.ts';
import type { TeamMembersCache } from './team-members-cache.ts';
import {
  type GqlOrganizationTeams,
  slugVariables,
  teamMembersQuery,
  teamsOfAnswer,
} from './team-members-query.ts';

type Octokit = InstanceType<typeof ProbotOctokit>;

type Waiting = Map<string, Array<(members: string[] | null) => void>>;

/**
 * Team members asked for in the same tick, read together: one GraphQL query per organization for every team
 * an evaluation asks at once; a team the answer does not settle is read over REST (which fails closed).
 */
export const createTeamBatchReader = (options: { octokit: Octokit; teams: TeamMembersCache }) => {
  const { octokit, teams } = options;
  const batches = new Map<string, Waiting>();

  const readTeamBatch = async (org: string, waiting: Waiting) => {
    const slugs = [...waiting.keys()];
    let found = new Map<string, string[] | null>();
    try {
      // see: https://docs.github.com/graphql/reference/objects#team
      const result: { organization?: GqlOrganizationTeams } = await octokit.graphql(
        teamMembersQuery(slugs.length),
        { org, ...slugVariables(slugs) },
      );
      found = teamsOfAnswer({ slugs, organization: result.organization, errorPaths: [] });
    } catch (error) {
      const partial = partialAnswer<{ organization?: GqlOrganizationTeams }>(error);
      if (partial)
        found = teamsOfAnswer({ slugs, organization: partial.data.organization, errorPaths: partial.paths });
    }
    await Promise.all(
      slugs.map(async (slug) => {
        // A team this answer did not settle (an error, more than a page of members) is read over REST,
        // which fails closed (null) on its own.
        const members = found.has(slug)
          ? (found.get(slug) ?? null)
          : await teams.members({ octokit, org, teamSlug: slug });
        for (const resolve of waiting.get(slug) ?? []) resolve(members);
      }),
    );
  };

  return {
    /** The members of ORG/SLUG (SLUG lower-cased); null when they cannot be read. */
    members(org: string, slug: string): Promise<string[] | null> {
      const orgKey = org.toLowerCase();
      let batch = batches.get(orgKey);
      if (!batch) {
        const waiting: Waiting = new Map();
        batch = waiting;
        batches.set(orgKey, waiting);
        queueMicrotask(() => {
          batches.delete(orgKey);
          void readTeamBatch(org, waiting);
        });
      }
      const waiting = batch;
      return new Promise<string[] | null>((resolve) => {
        waiting.set(slug, [...(waiting.get(slug) ?? []), resolve]);
      });
    },
  };
};
