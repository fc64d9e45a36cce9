/**
 * Team members read with GraphQL, several teams in one request: inside the facts query (the teams the
 * owner's last evaluations named) and, for the others, one `TeamMembers` query. `membership: ALL`, GitHub's
 * default, counts the members of child teams, as REST's `GET /orgs/{org}/teams/{team_slug}/members` does.
 * see: https://docs.github.com/graphql/reference/objects#team
 */
const TEAM_FIELDS = 'members(first: 100, membership: ALL) { pageInfo { hasNextPage } nodes { login } }';

/** `organization { t0: team(slug: $t0) { … } … }` for `count` teams; slugs travel as variables `$t0`…. */
export const teamsSelection = (count: number, loginVariable: string): string =>
  count === 0
    ? ''
    : `organization(login: ${loginVariable}) { ${Array.from(
        { length: count },
        (_, index) => `t${index}: team(slug: $t${index}) { ${TEAM_FIELDS} }`,
      ).join(' ')} }`;

/** `, $t0: String!, …` for the query's variable list. */
export const teamVariables = (count: number): string =>
  Array.from({ length: count }, (_, index) => `, $t${index}: String!`).join('');

export const teamMembersQuery = (count: number): string => `
query TeamMembers($org: String!${teamVariables(count)}) {
  ${teamsSelection(count, '$org')}
}`;

export const slugVariables = (slugs: readonly string[]): Record<string, string> =>
  Object.fromEntries(slugs.map((slug, index) => [`t${index}`, slug]));

interface GqlTeam {
  members: { pageInfo: { hasNextPage: boolean }; nodes: Array<{ login: string } | null> };
}

export type GqlOrganizationTeams = Record<string, GqlTeam | null> | null | undefined;

/**
 * What the answer says of each slug: its members' logins; null when the organization has no such team (as
 * REST's 404); absent when the answer cannot tell (an error at that team, more than a page of members):
 * the caller reads that team another way.
 */
export const teamsOfAnswer = (options: {
  slugs: readonly string[];
  organization: GqlOrganizationTeams;
  /** `path` of each GraphQL error in the answer. */
  errorPaths: ReadonlyArray<ReadonlyArray<string | number>>;
}): Map<string, string[] | null> => {
  const read = new Map<string, string[] | null>();
  const { organization } = options;
  if (!organization) return read;
  options.slugs.forEach((slug, index) => {
    const alias = `t${index}`;
    if (options.errorPaths.some((path) => path[0] === 'organization' && (path[1] ?? alias) === alias)) return;
    if (!(alias in organization)) return;
    const team = organization[alias];
    if (team === null || team === undefined) {
      read.set(slug.toLowerCase(), null);
      return;
    }
    if (team.members.pageInfo.hasNextPage) return;
    read.set(
      slug.toLowerCase(),
      team.members.nodes.flatMap((node) => (node ? [node.login] : [])),
    );
  });
  return read;
};
