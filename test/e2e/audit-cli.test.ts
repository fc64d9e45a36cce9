import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import type { AuditExport } from '../../src/core/audit/audit-export.ts';
import { auditExportProblems } from '../../src/core/audit/audit-export-problems.ts';
import { blockHash } from '../../src/core/change-request/block-hash.ts';
import { findChangeBlock } from '../../src/core/change-request/find-change-block.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import type { HistoryEvent } from '../../src/core/history/history-entry.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { signedHistoryBodies } from '../support/signed-history-bodies.ts';
import { appKey, editPayload } from '../unit/history/history-fixtures.ts';

const cli = (args: string[], env: Record<string, string>) => runCliProcess(args, env);
const mar = (day: number, hour = 0) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

const BODY = [
  'Adds MFA for admins.',
  '',
  '```yaml',
  'change_request:',
  '  title: "Implement MFA for Admin Access"',
  '  description: "Add multi-factor authentication for all admin users"',
  '  change_type: "security_enhancement"',
  '  priority: "low"',
  '  affected_systems: ["authentication-service"]',
  '  risk_level: "medium"',
  '  rollback_plan: "Disable MFA via configuration"',
  '  testing_required: true',
  '  test_plan: "MFA enrolment and login"',
  '  test_environment: "staging"',
  '```',
  '',
].join('\n');

interface Step {
  event: HistoryEvent;
  at: string;
  actor: string;
  data?: Record<string, unknown>;
}

/**
 * `change-gate audit export` and `audit verify` against the simulator: a pull request approved on its head
 * commit, tested (a check run of another app, a commit status) and deployed; an issue whose approval comment a
 * repository admin edited afterwards; a change of February. The app's history comments are seeded as its bot
 * writes them, signed with a test key.
 */
describe('change-gate audit against the simulator', () => {
  const sim = createGitHubSimulator({ openapi: true, now: () => new Date(mar(20)) });
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-audit-'));
  const publicKey = join(dir, 'app.pub.pem');
  const exportFile = join(dir, 'audit-2026-03.json');
  const signer = createSigner(appKey.pkcs1);
  let env: Record<string, string>;
  const ids: Record<string, string> = {};
  const numbers: Record<string, number> = {};
  let headSha = '';
  let deploymentId = 0;
  let tamperedComment = 0;

  const seedHistory = (options: {
    name: string;
    number: number;
    headSha: string | null;
    blockHash: string | null;
    steps: Step[];
  }): { commentIds: number[]; bodies: string[] } => {
    const repo = 'acme/shop';
    const changeId = changeIdOf({
      createdAt: sim.read.issue({ repo, number: options.number }).created_at,
      number: options.number,
    });
    ids[options.name] = changeId;
    numbers[options.name] = options.number;
    const bodies = signedHistoryBodies(
      signer,
      options.steps.map((step) => ({
        draft: {
          event: step.event,
          change_id: changeId,
          actor: step.actor,
          head_sha: options.headSha,
          block_hash: options.blockHash,
          data: { repository: repo, number: options.number, ...step.data },
        },
        at: step.at,
      })),
    );
    const commentIds = sim.seedComments({ repo, number: options.number, author: 'change-gate[bot]', bodies });
    return { commentIds, bodies };
  };

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createUser({ login: 'dev' });
    sim.createOrg({ login: 'acme', members: ['admin', 'dev'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    sim.createRepo({ owner: 'acme', name: 'shop' });
    writeFileSync(publicKey, appKey.spki);
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };

    // 1. A pull request approved on its head commit, tested and deployed.
    const pr = await sim.as('dev').openPullRequest({
      repo: 'acme/shop',
      title: 'MFA',
      body: BODY,
      head: 'mfa',
      files: { 'mfa.ts': '1' },
    });
    await sim.as('admin').addLabels({ repo: 'acme/shop', number: pr.number, labels: ['change'] });
    headSha = pr.headSha;
    const ci = sim.registerApp({
      slug: 'ci',
      permissions: { metadata: 'read', checks: 'write' },
      events: [],
    });
    const ciToken = sim.createInstallationToken({
      installationId: sim.installApp({ app: ci.id, account: 'acme' }).id,
    });
    const run = await fetch(`${sim.apiUrl}/repos/acme/shop/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${ciToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'unit tests',
        head_sha: headSha,
        status: 'completed',
        conclusion: 'success',
      }),
    });
    expect(run.status).toBe(201);
    await sim
      .as('admin')
      .createStatus({ repo: 'acme/shop', sha: headSha, state: 'success', context: 'coverage' });
    const deployment = await sim
      .as('admin')
      .createDeployment({ repo: 'acme/shop', ref: headSha, environment: 'production', requiredContexts: [] });
    deploymentId = deployment.id;
    await sim.as('admin').createDeploymentStatus({ repo: 'acme/shop', deploymentId, state: 'success' });
    const hash = blockHash(findChangeBlock(BODY)!.text);
    const deployed = {
      environment: 'production',
      production: true,
      deployment_id: deploymentId,
      sha: headSha,
    };
    seedHistory({
      name: 'pr',
      number: pr.number,
      headSha,
      blockHash: hash,
      steps: [
        {
          event: 'submitted',
          at: mar(2, 10),
          actor: 'dev',
          data: { priority: 'low', change_type: 'security' },
        },
        {
          event: 'approved',
          at: mar(3, 4),
          actor: 'carol',
          data: { approvers: { 'change-manager': ['carol'] }, conditions: [] },
        },
        {
          event: 'implementing',
          at: mar(3, 10),
          actor: 'admin',
          data: { ...deployed, state: 'in_progress' },
        },
        { event: 'completed', at: mar(3, 12), actor: 'admin', data: { ...deployed, state: 'success' } },
      ],
    });

    // 2. An issue whose approval comment a repository admin edited after the app posted it.
    const issue = await sim
      .as('admin')
      .createIssue({ repo: 'acme/shop', title: 'Firewall', labels: ['change'] });
    const seeded = seedHistory({
      name: 'tampered',
      number: issue.number,
      headSha: null,
      blockHash: null,
      steps: [
        { event: 'submitted', at: mar(7, 0), actor: 'admin', data: { priority: 'low' } },
        {
          event: 'approved',
          at: mar(7, 2),
          actor: 'carol',
          data: { approvers: { 'change-manager': ['carol'] }, conditions: [] },
        },
      ],
    });
    tamperedComment = seeded.commentIds[1]!;
    const original = seeded.bodies[1]!;
    await sim.as('admin').editComment({
      repo: 'acme/shop',
      commentId: tamperedComment,
      body: editPayload(original, (json) => json.replace('"carol"', '"admin"')),
    });

    // 3. A change of February: not in March's export.
    const february = await sim
      .as('admin')
      .createIssue({ repo: 'acme/shop', title: 'Old', labels: ['change'] });
    seedHistory({
      name: 'february',
      number: february.number,
      headSha: null,
      blockHash: null,
      steps: [{ event: 'submitted', at: new Date(Date.UTC(2026, 1, 10)).toISOString(), actor: 'admin' }],
    });
  });
  afterEach(() => sim.assertNoViolations());
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports March with approvals, checks and deployments, and marks the edited history (exit 1)', async () => {
    const result = await cli(
      [
        'audit',
        'export',
        '--repo',
        'acme/shop',
        '--period',
        '2026-03',
        '--public-key',
        publicKey,
        '--output',
        exportFile,
      ],
      env,
    );
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'change-gate audit export: 3 labelled change(s) updated since the period began, 2 of the period',
    );
    expect(result.stderr).toContain('checks and deployments read for 2/2');
    expect(result.stderr).toContain(
      `${ids.tampered} (acme/shop#${numbers.tampered}) does not verify: comment ${tamperedComment}`,
    );
    expect(result.code).toBe(1);

    const evidence = JSON.parse(readFileSync(exportFile, 'utf8')) as AuditExport;
    expect(auditExportProblems(evidence)).toEqual([]);
    expect(evidence.changes.map((change) => [change.change_id, change.verdict])).toEqual([
      [ids.pr, 'verified'],
      [ids.tampered, 'not_verified'],
    ]);
    const [pr, tampered] = evidence.changes;
    // The repository's id as GitHub gives it (the history is read by it: a rename keeps a change's entries).
    expect(pr!.repository_id).toEqual(expect.any(Number));
    expect(tampered!.repository_id).toBe(pr!.repository_id);
    expect(pr).toMatchObject({
      kind: 'pull_request',
      status: 'completed',
      approved_sha: headSha,
      request: { parse: 'valid', matches_recorded: true, fields: { change_type: 'security_enhancement' } },
      approvals: [{ login: 'carol', role: 'change-manager', head_sha: headSha, recorded_at: mar(3, 4) }],
    });
    expect(pr!.request.block).toContain('change_request:');
    expect(pr!.checks.check_runs).toEqual([
      expect.objectContaining({ name: 'unit tests', app: 'ci', conclusion: 'success' }),
    ]);
    expect(pr!.checks.statuses).toEqual([
      expect.objectContaining({ context: 'coverage', state: 'success', creator: 'admin' }),
    ]);
    expect(pr!.deployments).toEqual([
      expect.objectContaining({
        id: deploymentId,
        environment: 'production',
        sha: headSha,
        creator: 'admin',
        statuses: [expect.objectContaining({ state: 'success' })],
      }),
    ]);
    expect(tampered!.history.entries.map((entry) => [entry.event, entry.verdict])).toEqual([
      ['submitted', 'verified'],
      ['approved', 'tampered'],
    ]);
    expect(tampered!.findings.join(' ')).toContain(
      `comment ${tamperedComment} (approved) does not match its signature`,
    );
    const trail = evidence.index[0]!.evidence.find((item) => item.where.includes('/changes/*/history'));
    expect(trail).toMatchObject({ applicable: 2, shown: 1, not_shown: [ids.tampered] });

    // audit verify: offline, public key only; names the change and the comment.
    const verify = await cli(['audit', 'verify', exportFile, '--public-key', publicKey], {});
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      `✗ ${ids.tampered} (acme/shop#${numbers.tampered}) comment ${tamperedComment} (approved): tampered:`,
    );
    expect(verify.stdout).toContain('Does not verify:');
    expect(verify.stdout).not.toContain(`✗ ${ids.pr}`);

    // The report counts the same change apart.
    const report = await cli(
      ['report', '--repo', 'acme/shop', '--period', '2026-03', '--public-key', publicKey, '--format', 'json'],
      env,
    );
    expect(report.code).toBe(1);
    const figures = JSON.parse(report.stdout);
    expect(figures.total_changes).toBe(1);
    expect(figures.not_counted.changes).toEqual([expect.objectContaining({ change_id: ids.tampered })]);
  });

  it('exits 0 for a period whose changes all verify, and audit verify agrees', async () => {
    const clean = join(dir, 'clean.json');
    const result = await cli(
      [
        'audit',
        'export',
        '--repo',
        'acme/shop',
        '--from',
        mar(1),
        '--to',
        mar(5),
        '--public-key',
        publicKey,
        '-o',
        clean,
      ],
      env,
    );
    expect(result.code).toBe(0);
    const verify = await cli(['audit', 'verify', clean, '--public-key', publicKey, '--format', 'json'], {});
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      ok: true,
      changes: 1,
      verified_entries: 4,
      findings: [],
    });

    // The same export edited afterwards (who approved) no longer verifies.
    const edited = JSON.parse(readFileSync(clean, 'utf8')) as AuditExport;
    edited.changes[0]!.approvals[0]!.login = 'mallory';
    writeFileSync(clean, JSON.stringify(edited));
    const again = await cli(['audit', 'verify', clean, '--public-key', publicKey], {});
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`✗ ${ids.pr} (acme/shop#${numbers.pr}): the export says "mallory"`);
  });

  it('exits 2 for a missing key, an unreadable export and a bad period', async () => {
    const noKey = await cli(['audit', 'verify', exportFile], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('audit verify needs --public-key FILE');
    const missing = await cli(['audit', 'verify', join(dir, 'nope.json'), '--public-key', publicKey], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('change-gate audit verify: cannot read');
    const period = await cli(
      ['audit', 'export', '--repo', 'acme/shop', '--period', 'March', '--public-key', publicKey],
      env,
    );
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('is not a month');
  });
});
