import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner, type HistorySigner } from '../../src/core/history/create-signer.ts';
import type { DraftEntry } from '../../src/core/history/draft-entry.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { signedHistoryBodies } from '../support/signed-history-bodies.ts';
import { appKey, otherKey } from '../unit/history/history-fixtures.ts';

const history = (args: string[], env: Record<string, string>) => runCliProcess(['history', ...args], env);

/**
 * `change-gate history` against the simulator, as an auditor runs it: a user's token, the public key only.
 * The history comments are seeded as the app's bot writes them, signed with a test key.
 */
describe('change-gate history against the simulator', () => {
  const sim = createGitHubSimulator({ openapi: true });
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-history-'));
  const appPublicKey = join(dir, 'app.pub.pem');
  const otherPublicKey = join(dir, 'other.pub.pem');
  const signer: HistorySigner = createSigner(appKey.pkcs1);
  let env: Record<string, string>;

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    sim.createRepo({ owner: 'acme', name: 'web' });
    writeFileSync(appPublicKey, appKey.spki);
    writeFileSync(otherPublicKey, otherKey.spki);
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
  });
  afterEach(() => sim.assertNoViolations());
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new issue holding `padding` plain comments, then the signed lifecycle as the bot posts it. */
  const seedChange = async (padding = 0, kind: 'issue' | 'pull' = 'issue') => {
    const { number } =
      kind === 'issue'
        ? await sim.as('admin').createIssue({ repo: 'acme/web', title: 'Rotate the TLS keys' })
        : await sim.as('admin').openPullRequest({
            repo: 'acme/web',
            title: 'Rotate the TLS keys',
            head: `tls-${Date.now()}`,
            files: { 'tls.txt': 'rotated\n' },
          });
    const changeId = changeIdOf({
      createdAt: sim.read.issue({ repo: 'acme/web', number }).created_at,
      number,
    });
    const bound = { repository: 'acme/web', number };
    const drafts: DraftEntry[] = [
      { event: 'submitted', actor: 'admin', data: { ...bound, required_roles: ['change-manager'] } },
      { event: 'approved', actor: 'cm-lead', data: { ...bound, role: 'change-manager' } },
      {
        event: 'implementing',
        actor: 'deployer',
        data: { ...bound, environment: 'production', deployment_id: 7 },
      },
      {
        event: 'completed',
        actor: 'deployer',
        data: { ...bound, environment: 'production', deployment_id: 7 },
      },
    ].map(
      (draft) =>
        ({ ...draft, change_id: changeId, head_sha: 'a'.repeat(40), block_hash: null }) as DraftEntry,
    );
    if (padding > 0)
      sim.seedComments({
        repo: 'acme/web',
        number,
        author: 'admin',
        bodies: Array.from({ length: padding }, (_, index) => `comment ${index + 1}`),
      });
    const bodies = signedHistoryBodies(
      signer,
      drafts.map((draft, index) => ({ draft, at: new Date(Date.UTC(2026, 2, 1, 10, index)) })),
    );
    const commentIds = sim.seedComments({ repo: 'acme/web', number, author: 'change-gate[bot]', bodies });
    return { number, changeId, commentIds };
  };

  it('prints every entry, verified with the right key, and exits 0 (JSON: the Change History shape)', async () => {
    const { number, changeId, commentIds } = await seedChange();
    const text = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey],
      env,
    );
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Change history of ${changeId} (acme/web#${number})`);
    expect(lines.slice(1, 5)).toEqual([
      `✓ 2026-03-01T10:00:00.000Z  submitted  admin  verified (comment ${commentIds[0]})`,
      `✓ 2026-03-01T10:01:00.000Z  approved  cm-lead  verified (comment ${commentIds[1]})`,
      `✓ 2026-03-01T10:02:00.000Z  implementing  deployer  verified (comment ${commentIds[2]})`,
      `✓ 2026-03-01T10:03:00.000Z  completed  deployer  verified (comment ${commentIds[3]})`,
    ]);
    expect(lines.at(-1)).toBe('Verifies: 4 verified entries.');

    const json = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey, '--format', 'json'],
      env,
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      change_id: changeId,
      repository: 'acme/web',
      number,
      verified: true,
      problems: [],
    });
    expect(report.history.map((item: { action: string; user: string }) => [item.action, item.user])).toEqual([
      ['created', 'admin'],
      ['approved', 'cm-lead'],
      ['implemented', 'deployer'],
      ['completed', 'deployer'],
    ]);
    expect(report.history.every((item: { signature_verified: boolean }) => item.signature_verified)).toBe(
      true,
    );
  });

  it('reads a pull request the same way', async () => {
    const { number, changeId } = await seedChange(0, 'pull');
    const result = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey, '--format', 'json'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ change_id: changeId, number, verified: true });
    expect(JSON.parse(result.stdout).history).toHaveLength(4);
  });

  it('with another key, names every entry as signed by an unknown key and exits 1', async () => {
    const { number, commentIds } = await seedChange();
    const result = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', otherPublicKey, '--format', 'json'],
      env,
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.verified).toBe(false);
    expect(report.history).toEqual([]);
    expect(report.problems.map((problem: { kind: string }) => problem.kind)).toEqual(
      commentIds.map(() => 'unknown_key'),
    );
    // Both keys: the app's signatures count again.
    const both = await history(
      [
        '--repo',
        'acme/web',
        '--number',
        String(number),
        '--public-key',
        otherPublicKey,
        '--public-key',
        appPublicKey,
      ],
      env,
    );
    expect(both.code).toBe(0);
  });

  it('names a history comment someone else edited as tampered and exits 1', async () => {
    const { number, commentIds } = await seedChange();
    const approval = sim.read
      .comments({ repo: 'acme/web', number })
      .find((comment) => comment.id === commentIds[1])!;
    // The marker's payload is base64url JSON: swap the approver as a person editing the comment would.
    const forgedBody = (approval.body ?? '').replace(
      /(<!-- change-gate:history v1 )([A-Za-z0-9_-]+)( -->)/,
      (_match, head: string, payload: string, tail: string) =>
        `${head}${Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('cm-lead', 'admin'), 'utf8').toString('base64url')}${tail}`,
    );
    expect(forgedBody).not.toBe(approval.body);
    await sim.as('admin').editComment({ repo: 'acme/web', commentId: commentIds[1]!, body: forgedBody });
    const result = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `✗ tampered: comment ${commentIds[1]} (approved) does not match its signature`,
    );
    expect(result.stdout).toContain('✗ broken_chain:');
    expect(result.stdout).not.toContain('  approved  ');
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(
      /^Does not verify: \d+ problem\(s\), 3 verified entries\.$/,
    );
  });

  it('names a copy of an entry posted by a person as forged (exit 1), an intact edited entry as a notice (exit 0)', async () => {
    const { number, commentIds } = await seedChange();
    const [submitted] = sim.read.comments({ repo: 'acme/web', number });
    await sim.as('admin').editComment({
      repo: 'acme/web',
      commentId: commentIds[0]!,
      body: `Edited text.\n\n${(submitted!.body ?? '').split('\n\n')[1]}`,
    });
    const edited = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey],
      env,
    );
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain(`! edited: comment ${commentIds[0]} was edited`);
    expect(edited.stdout).toContain('Verifies: 4 verified entries, 1 notice(s) above.');

    const { id } = await sim.as('admin').comment({ repo: 'acme/web', number, body: submitted!.body ?? '' });
    const forged = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey],
      env,
    );
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain(`✗ forged: comment ${id} by admin imitates a history entry`);
    expect(forged.stdout.trim().split('\n').at(-1)).toBe(
      'Does not verify: 1 problem(s), 4 verified entries.',
    );
  });

  it('reads a long thread to its end (more than 100 comments before the history)', async () => {
    const { number } = await seedChange(250);
    const mark = sim.mark();
    const result = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey, '--format', 'json'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).history.map((item: { event: string }) => item.event)).toEqual([
      'submitted',
      'approved',
      'implementing',
      'completed',
    ]);
    // 254 comments: three pages of 100, one query each.
    expect(sim.requestsSince(mark).map((entry) => entry.graphqlOperationName)).toEqual([
      'ChangeComments',
      'ChangeComments',
      'ChangeComments',
    ]);
  });

  it('exits 2 without a token, for a change that does not exist, and for a key that is not a key', async () => {
    const { number } = await seedChange();
    const args = ['--repo', 'acme/web', '--number', String(number), '--public-key', appPublicKey];
    const noToken = await history(args, { GITHUB_API_URL: sim.apiUrl });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('set GITHUB_TOKEN or GH_TOKEN');

    const missing = await history(
      ['--repo', 'acme/web', '--number', '9999', '--public-key', appPublicKey],
      env,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('change-gate history: cannot read acme/web#9999');

    const notAKey = join(dir, 'not-a-key.pem');
    writeFileSync(notAKey, 'hello\n');
    const bad = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', notAKey],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--public-key ${notAKey}: history verifying key: not a usable public key`);

    const absent = await history(
      ['--repo', 'acme/web', '--number', String(number), '--public-key', join(dir, 'nope.pem')],
      env,
    );
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('--public-key');
  });
});
