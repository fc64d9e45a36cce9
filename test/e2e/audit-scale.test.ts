import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import type { AuditExport } from '../../src/core/audit/audit-export.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { appKey } from '../unit/history/history-fixtures.ts';
import { seedSignedChanges } from './support/seed-signed-changes.ts';

const MARCH = Date.UTC(2026, 2, 1);
const OWNER_CONFIG = 'change_management:\n  label: cr\n';
/** 1,200 changes in March, one every 2,000 s: more than one search of GitHub's returns. */
const COUNT = 1_200;
const SPACING = 2_000_000;

/**
 * `change-gate audit export` of a repository with more than 1,000 changes in the period: read whole, in the
 * report's creation windows, through the report's search (the same GraphQL operation), with the config the app reads (here the owner's `.github`).
 */
describe('change-gate audit export past 1,000 changes', () => {
  const sim = createGitHubSimulator({ openapi: true, now: () => new Date(Date.UTC(2026, 3, 2)) });
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-audit-scale-'));
  const publicKey = join(dir, 'app.pub.pem');
  let env: Record<string, string>;
  let numbers: number[] = [];

  beforeAll(async () => {
    await sim.start();
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    // shop has no config of its own: the owner's .github names the label, as the app would read it.
    sim.createRepo({
      owner: 'acme',
      name: '.github',
      files: { '.github/change-management.yml': OWNER_CONFIG },
    });
    sim.createRepo({ owner: 'acme', name: 'shop' });
    writeFileSync(publicKey, appKey.spki);
    env = { GITHUB_TOKEN: admin.token, GITHUB_API_URL: sim.apiUrl };
    const signer = createSigner(appKey.pkcs1);
    numbers = seedSignedChanges({
      sim,
      repo: 'acme/shop',
      author: 'admin',
      signer,
      count: COUNT,
      start: MARCH,
      spacingMs: SPACING,
      label: 'cr',
    });
  }, 120_000);
  afterEach(() => sim.assertNoViolations());
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports every change of the period, reading the search in windows of at most 1,000', async () => {
    const file = join(dir, 'audit.json');
    const mark = sim.mark();
    const result = await runCliProcess(
      [
        'audit',
        'export',
        '--repo',
        'acme/shop',
        '--period',
        '2026-03',
        '--public-key',
        publicKey,
        '-o',
        file,
      ],
      env,
    );
    expect(result.stderr).toContain(
      `${COUNT} labelled change(s) updated since the period began, ${COUNT} of the period`,
    );
    expect(result.code).toBe(0);
    const evidence = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
    expect(evidence.changes.map((change) => change.number)).toEqual(numbers);
    expect(evidence.summary).toMatchObject({ changes: COUNT, verified: COUNT, not_verified: 0 });
    expect(evidence.selection.label).toBe('cr');
    expect(evidence.config).toEqual({
      path: 'acme/.github:.github/change-management.yml',
      files: ['acme/.github:.github/change-management.yml'],
      text: OWNER_CONFIG,
    });

    // The report's search: the first counted 1,200, so the read went on in windows.
    const searches = sim
      .requestsSince(mark)
      .filter((request) => request.graphqlOperationName === 'ReportChanges').length;
    expect(searches).toBeGreaterThan(Math.ceil(COUNT / 100));

    const verify = await runCliProcess(
      ['audit', 'verify', file, '--public-key', publicKey, '--format', 'json'],
      {},
    );
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, changes: COUNT, findings: [] });
  }, 120_000);
});
