import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOctokitPermissionPort } from '../../src/github/octokit/octokit-permission-port.ts';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

describe('simulator: a user’s permission on a repository, read by the permission port', () => {
  let s: Seeded;
  beforeAll(async () => {
    s = await startSeededSimulator();
    for (const [user, role] of [
      ['sec-lead', 'maintain'],
      ['eng-manager', 'triage'],
    ] as const) {
      s.sim.addCollaborator({ repo: REPO, user, role });
    }
    s.sim.createUser({ login: 'owner-of-own' });
    s.sim.createRepo({ owner: 'owner-of-own', name: 'tools', private: true });
  });
  afterAll(() => s.stop());
  // Every answer is checked against GitHub's OpenAPI description.
  afterEach(() => s.sim.assertNoViolations());

  it('answers GitHub’s shape: the legacy permission, the role name and the user with their permissions', async () => {
    const { data } = await s.appOctokit.request(
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
      {
        owner: OWNER,
        repo: NAME,
        username: 'sec-lead',
      },
    );
    expect(data).toMatchObject({
      permission: 'write',
      role_name: 'maintain',
      user: {
        login: 'sec-lead',
        role_name: 'maintain',
        permissions: { pull: true, triage: true, push: true, maintain: true, admin: false },
      },
    });
  });

  it('maps roles as GitHub does; unknown users read as none, never as an error', async () => {
    const port = createOctokitPermissionPort(s.appOctokit);
    const repo = { owner: OWNER, repo: NAME };
    expect(await port.repositoryPermission(repo, 'sec-lead')).toBe('write');
    expect(await port.repositoryPermission(repo, 'eng-manager')).toBe('read');
    // dev is a member of the organisation: its default base permission, read.
    expect(await port.repositoryPermission(repo, 'dev')).toBe('read');
    expect(await port.repositoryPermission(repo, 'outsider')).toBe('none');
    expect(await port.repositoryPermission(repo, 'nobody-at-all')).toBe('none');
  });

  it('the owner of a personal repository is its admin', async () => {
    const { data } = await s.devOctokit.request(
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
      {
        owner: 'owner-of-own',
        repo: 'tools',
        username: 'owner-of-own',
      },
    );
    expect(data).toMatchObject({ permission: 'admin', role_name: 'admin' });
  });
});
