import { readFileSync } from 'node:fs';
import { LABEL_STYLES } from '../src/core/decision/change-status.ts';
import type { GitHubSimulator } from './github-sim/index.ts';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** The procedure's own configuration, as this repository dogfoods it. */
export const SEED_CONFIG_YAML = read('.github/change-management.yml');

/** The procedure's example change ("Implement MFA for Admin Access", priority high) in a PR body. */
export const SEED_PR_BODY = read('test/fixtures/markdown/valid/seed-pr-body.md');

/** The procedure's approver roles, each a team with one person, and a developer who opens changes. */
export const SEED_PEOPLE = {
  developer: 'dana',
  'security-team': 'sam',
  'security-team-lead': 'lee',
  'engineering-manager': 'erin',
  'change-manager': 'carl',
} as const;

export const SEED_ROLES = [
  'security-team',
  'security-team-lead',
  'engineering-manager',
  'change-manager',
] as const;

/** Personal token of `acme-admin`, who administers the organisation's repositories. */
export const ADMIN_TOKEN = 'ghp_acmeadmin0000000000000000000000000000';

/** A seeded person's personal token (for the REST API's bearer auth in the demo and tests). */
export const personalToken = (login: string): string =>
  `ghp_${login.replace(/[^a-z0-9]/gi, '')}`.padEnd(40, '0');

/** Seeds the people and teams of the procedure in `org` (created by the harness). */
export const seedPeople = (sim: GitHubSimulator, org: string): void => {
  for (const login of Object.values(SEED_PEOPLE)) sim.createUser({ login, token: personalToken(login) });
  for (const role of SEED_ROLES) sim.createTeam({ org, slug: role, members: [SEED_PEOPLE[role]] });
  sim.createUser({ login: 'mallory' });
  sim.createUser({ login: 'acme-admin', token: ADMIN_TOKEN });
};

/** A repository holding the procedure's config in `.github/change-management.yml`. */
export const seedRepo = (sim: GitHubSimulator, options: { org: string; name: string; config?: string }) =>
  sim.createRepo({
    owner: options.org,
    name: options.name,
    files: {
      '.github/change-management.yml': options.config ?? SEED_CONFIG_YAML,
      'src/auth.ts': 'export {};\n',
    },
  });

/**
 * Creates Change Gate's status labels, with their colours, the way a repository that has had a change
 * before already holds them. (The app creates missing ones itself; this spares the demo those writes.)
 */
export const seedStatusLabels = async (sim: GitHubSimulator, repo: string): Promise<void> => {
  for (const [name, style] of Object.entries(LABEL_STYLES)) {
    // see: https://docs.github.com/rest/issues/labels#create-a-label
    const response = await fetch(`${sim.apiUrl}/repos/${repo}/labels`, {
      method: 'POST',
      headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, ...style }),
    });
    if (response.status !== 201)
      throw new Error(`creating label ${name}: ${response.status} ${await response.text()}`);
  }
};
