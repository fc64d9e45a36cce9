import type { ProbotOctokit } from 'probot';

type Octokit = InstanceType<typeof ProbotOctokit>;

interface Entry {
  etag: string;
  members: string[];
  paged: boolean;
}

export interface TeamMembersCache {
  members(options: { octokit: Octokit; org: string; teamSlug: string }): Promise<string[] | null>;
  /**
   * The teams of `org` whose members evaluations asked for last (most recent first, at most
   * MAX_HINTED_TEAMS): the next facts query reads their members in the same request. Only names are kept
   * here, never members: membership is always read afresh.
   */
  hintedTeams(org: string): string[];
  /** An evaluation asked for this team's members. */
  noteTeam(org: string, teamSlug: string): void;
}

/** Teams read speculatively with each change's facts; a policy naming more reads the others in one more query. */
export const MAX_HINTED_TEAMS = 8;

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

/**
 * Team membership across events. Most teams are read with GraphQL (the facts query, TeamMembers), which
 * `hintedTeams` feeds with names only; this REST read is the fallback (more than 100 members, an error).
 * Every REST read is a conditional request: GitHub answers 304 (free of
 * rate limit) while the team is unchanged, so a membership change is seen at once, never after a TTL.
 * Teams with more than one page of members are re-read whole (their first page's ETag alone would
 * miss a change on a later page).
 */
export const createTeamMembersCache = (maxTeams = 1000): TeamMembersCache => {
  const entries = new Map<string, Entry>();
  const hints = new Map<string, string[]>();

  const remember = (key: string, entry: Entry): void => {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxTeams) entries.delete(entries.keys().next().value as string);
  };

  return {
    hintedTeams: (org) => hints.get(org.toLowerCase()) ?? [],
    noteTeam(org, teamSlug) {
      const key = org.toLowerCase();
      const slug = teamSlug.toLowerCase();
      const known = hints.get(key) ?? [];
      if (known[0] === slug) return;
      hints.delete(key);
      hints.set(key, [slug, ...known.filter((other) => other !== slug)].slice(0, MAX_HINTED_TEAMS));
      if (hints.size > maxTeams) hints.delete(hints.keys().next().value as string);
    },
    async members({ octokit, org, teamSlug }) {
      const key = `${org.toLowerCase()}/${teamSlug.toLowerCase()}`;
      const cached = entries.get(key);
      const readAll = async (): Promise<string[]> => {
        // see: https://docs.github.com/rest/teams/members#list-team-members
        const all = await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', {
          org,
          team_slug: teamSlug,
          per_page: 100,
        });
        return all.map((member) => member.login);
      };
      try {
        // see: https://docs.github.com/rest/teams/members#list-team-members
        const first = await octokit.request('GET /orgs/{org}/teams/{team_slug}/members', {
          org,
          team_slug: teamSlug,
          per_page: 100,
          headers: cached ? { 'if-none-match': cached.etag } : {},
        });
        const paged = /\brel="next"/.test(first.headers.link ?? '');
        const members = paged ? await readAll() : first.data.map((member) => member.login);
        remember(key, { etag: first.headers.etag ?? '', members, paged });
        return members;
      } catch (error) {
        if (statusOf(error) === 304 && cached) {
          if (!cached.paged) return cached.members;
          try {
            const members = await readAll();
            remember(key, { ...cached, members });
            return members;
          } catch {
            return null;
          }
        }
        // Unknown team, no permission, GitHub down: the team contributes nobody (fail closed).
        return null;
      }
    },
  };
};
