import type { ProbotOctokit } from 'probot';

type Octokit = InstanceType<typeof ProbotOctokit>;

interface Entry {
  etag: string;
  members: string[];
  paged: boolean;
}

export interface TeamMembersCache {
  members(options: { octokit: Octokit; org: string; teamSlug: string }): Promise<string[] | null>;
}

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

/**
 * Team membership across events. Every read is a conditional request: GitHub answers 304 (free of
 * rate limit) while the team is unchanged, so a membership change is seen at once, never after a TTL.
 * Teams with more than one page of members are re-read whole (their first page's ETag alone would
 * miss a change on a later page).
 */
export const createTeamMembersCache = (maxTeams = 1000): TeamMembersCache => {
  const entries = new Map<string, Entry>();

  const remember = (key: string, entry: Entry): void => {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxTeams) entries.delete(entries.keys().next().value as string);
  };

  return {
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
