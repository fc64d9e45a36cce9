import { generateKeyPairSync } from 'node:crypto';
import { ProbotOctokit } from 'probot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appJwt } from './support/app-jwt.ts';
import { NAME, OWNER, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

const statusOf = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
};

describe('simulator authentication', () => {
  let s: Seeded;
  beforeAll(async () => {
    s = await startSeededSimulator();
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  const withJwt = (jwt: string) => s.octokit(jwt);

  it('accepts a valid app JWT for GET /app and mints an installation token scoped to the installation', async () => {
    const jwt = appJwt({ appId: s.app.id, privateKeyPem: s.app.privateKeyPem });
    const { data: app } = await withJwt(jwt).apps.getAuthenticated();
    expect(app).toMatchObject({ id: s.app.id, slug: 'change-gate' });
    const { data: token } = await withJwt(jwt).apps.createInstallationAccessToken({
      installation_id: s.installation.id,
    });
    expect(token.token).toMatch(/^ghs_/);
    expect(Date.parse(token.expires_at)).toBeGreaterThan(Date.now());
    const { data: repo } = await s.octokit(token.token).repos.get({ owner: OWNER, repo: NAME });
    expect(repo.full_name).toBe('acme/payments');
  });

  it('works with Probot’s own Octokit and app authentication, unchanged', async () => {
    const octokit = new ProbotOctokit({
      auth: { appId: s.app.id, privateKey: s.app.privateKeyPem },
      request: { fetch },
      baseUrl: s.sim.apiUrl,
    });
    const { data: installations } = await octokit.request('GET /app/installations');
    expect(installations.map((i) => i.id)).toEqual([s.installation.id]);
    const { data: found } = await octokit.request('GET /repos/{owner}/{repo}/installation', {
      owner: OWNER,
      repo: NAME,
    });
    expect(found.id).toBe(s.installation.id);
    const { data: byOrg } = await octokit.request('GET /orgs/{org}/installation', { org: OWNER });
    expect(byOrg.app_slug).toBe('change-gate');
  });

  it('refuses a JWT signed with another key, an expired one, one valid too long, and one naming an unknown app', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      appJwt({ appId: s.app.id, privateKeyPem: otherKey }),
      appJwt({ appId: s.app.id, privateKeyPem: s.app.privateKeyPem, iat: now - 1200, exp: now - 600 }),
      appJwt({ appId: s.app.id, privateKeyPem: s.app.privateKeyPem, iat: now, exp: now + 3600 }),
      appJwt({ appId: 999_999, privateKeyPem: s.app.privateKeyPem }),
      'not.a.jwt',
    ];
    for (const jwt of cases) expect(await statusOf(withJwt(jwt).apps.getAuthenticated())).toBe(401);
    const error = await withJwt(cases[1]!)
      .apps.getAuthenticated()
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/'Expiration time' claim \('exp'\)/);
  });

  it('keeps installation tokens inside their installation: another org’s repository is 404', async () => {
    s.sim.createOrg({ login: 'other-org' });
    s.sim.createRepo({ owner: 'other-org', name: 'secret' });
    expect(await statusOf(s.appOctokit.repos.get({ owner: 'other-org', repo: 'secret' }))).toBe(404);
    expect(await statusOf(s.appOctokit.teams.list({ org: 'other-org' }))).toBe(404);
    const jwt = appJwt({ appId: s.app.id, privateKeyPem: s.app.privateKeyPem });
    expect(
      await statusOf(withJwt(jwt).apps.getRepoInstallation({ owner: 'other-org', repo: 'secret' })),
    ).toBe(404);
    expect(await statusOf(withJwt(jwt).apps.createInstallationAccessToken({ installation_id: 424242 }))).toBe(
      404,
    );
  });

  it('enforces the installation’s permissions (a token without checks:write cannot create a check run)', async () => {
    const jwt = appJwt({ appId: s.app.id, privateKeyPem: s.app.privateKeyPem });
    const { data } = await withJwt(jwt).apps.createInstallationAccessToken({
      installation_id: s.installation.id,
      permissions: { checks: 'read', metadata: 'read' },
    });
    const readOnly = s.octokit(data.token);
    const head = s.sim.read.branchSha({ repo: 'acme/payments', branch: 'main' })!;
    const error = await readOnly.checks
      .create({ owner: OWNER, repo: NAME, name: 'x', head_sha: head })
      .catch((e: Error) => e);
    expect(error).toMatchObject({
      status: 403,
      message: expect.stringMatching(/Resource not accessible by integration/),
    });
    expect(
      await statusOf(
        withJwt(jwt).apps.createInstallationAccessToken({
          installation_id: s.installation.id,
          permissions: { administration: 'write' },
        }),
      ),
    ).toBe(422);
  });

  it('tells the user behind a personal token who they are, and refuses unknown tokens and app-only routes', async () => {
    const { data } = await s.devOctokit.users.getAuthenticated();
    expect(data).toMatchObject({ login: 'dev', type: 'User', name: 'Dev Eloper' });
    expect(await statusOf(s.octokit('ghp_unknown').users.getAuthenticated())).toBe(401);
    expect(await statusOf(s.devOctokit.apps.getAuthenticated())).toBe(401);
    expect(await statusOf(s.appOctokit.users.getAuthenticated())).toBe(403);
    const jwt = appJwt({ appId: s.app.id, privateKeyPem: s.app.privateKeyPem });
    expect(await statusOf(withJwt(jwt).repos.get({ owner: OWNER, repo: NAME }))).toBe(403);
  });

  it('answers an unknown route with GitHub’s 404 JSON', async () => {
    const response = await fetch(`${s.sim.apiUrl}/repos/${OWNER}/${NAME}/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      message: 'Not Found',
      documentation_url: expect.stringContaining('docs.github.com'),
    });
    expect(s.sim.violations.map((v) => v.kind)).toEqual(['request']);
    s.sim.clearViolations();
  });
});
