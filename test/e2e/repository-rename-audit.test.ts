import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_TOKEN, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import type { AuditExport } from '../../src/core/audit/audit-export.ts';
import { runCliProcess } from '../support/run-cli-process.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { historyEntries } from './support/history-comments.ts';
import { useE2E } from './support/use-e2e.ts';

const ADMIN = 'acme-admin';
const HOUR = 3_600_000;

/**
 * `change-gate audit export` and `audit verify` across a repository rename, as a user runs them against the
 * simulator, on the history the real app signed: entries written under the old name count by the repository's
 * id, the exported id is checked against the signed entries, and a repository that took the old name does not
 * adopt the old repository's entries.
 */
describe('audit export and audit verify across a repository rename', () => {
  const ids = new Map<string, number>();
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-rename-audit-'));
  const publicKey = join(dir, 'app.pub.pem');
  const started = Date.now();
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      for (const name of ['shop', 'other', 'quiet']) ids.set(name, seedRepo(sim, { org: 'acme', name }).id);
      sim.createEnvironment({ repo: 'acme/shop', name: 'production', protectionRuleApps: ['change-gate'] });
    },
  });
  beforeAll(() => {
    // The app signs its history with its own key (no CHANGE_GATE_SIGNING_KEY): its public half verifies it.
    writeFileSync(publicKey, createPublicKey(e2e.app.privateKeyPem).export({ type: 'spki', format: 'pem' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `audit export` of `repo` for the hours around this file's run; the export read back. */
  const exportOf = async (repo: string, file: string) => {
    const result = await runCliProcess(
      [
        'audit',
        'export',
        '--repo',
        repo,
        '--from',
        new Date(started - HOUR).toISOString(),
        '--to',
        new Date(Date.now() + HOUR).toISOString(),
        '--public-key',
        publicKey,
        '--output',
        join(dir, file),
      ],
      { GITHUB_TOKEN: ADMIN_TOKEN, GITHUB_API_URL: e2e.sim.apiUrl },
    );
    return { ...result, evidence: JSON.parse(readFileSync(join(dir, file), 'utf8')) as AuditExport };
  };
  /** `audit verify` of `file`, offline (no token, no API URL), as JSON. */
  const verify = async (file: string) => {
    const result = await runCliProcess(
      ['audit', 'verify', join(dir, file), '--public-key', publicKey, '--format', 'json'],
      {},
    );
    return { code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) };
  };
  const edit = (file: string, change: (evidence: AuditExport) => void): void => {
    const evidence = JSON.parse(readFileSync(join(dir, file), 'utf8')) as AuditExport;
    change(evidence);
    writeFileSync(join(dir, file), JSON.stringify(evidence));
  };
  const pointers = (report: { findings: Array<{ pointer: string }> }) =>
    report.findings.map((finding) => finding.pointer);

  test('approved before the rename, deployed after it: the export verifies offline; an edited id does not', async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, 'acme/shop').open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.history()).toEqual(['submitted', 'approved']);

    const id = ids.get('shop');
    expect(sim.renameRepo({ repo: 'acme/shop', name: 'store' })).toEqual({ id, fullName: 'acme/store' });
    await sim.as('dana').mergePullRequest({ repo: 'acme/store', number: change.number });
    const release = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo: 'acme/store', environment: 'production', ref: 'main' });
    await sim.settle();
    expect(sim.read.workflowRun({ runId: release.runId }).protection[0]).toMatchObject({ state: 'approved' });
    await sim
      .as('dana')
      .completeWorkflowRun({ repo: 'acme/store', runId: release.runId, conclusion: 'success' });
    await sim.settle();
    // The lifecycle (implementation steps ticked by the deploy aside): two entries under each name.
    const signed = historyEntries(e2e, 'acme/store', change.number);
    const lifecycle = signed.filter((entry) => entry.event !== 'step_completed');
    expect(lifecycle.map((entry) => [entry.event, entry.data.repository, entry.data.repository_id])).toEqual([
      ['submitted', 'acme/shop', id],
      ['approved', 'acme/shop', id],
      ['implementing', 'acme/store', id],
      ['completed', 'acme/store', id],
    ]);

    const exported = await exportOf('acme/store', 'store.json');
    expect(exported.stderr).toContain('1 change(s)');
    expect(exported.code).toBe(0);
    const [audited] = exported.evidence.changes;
    expect(exported.evidence.changes).toHaveLength(1);
    expect(audited).toMatchObject({
      number: change.number,
      repository: 'acme/store',
      repository_id: id,
      verdict: 'verified',
      status: 'completed',
      approvals: [expect.objectContaining({ login: 'carl', role: 'change-manager' })],
    });
    expect(audited!.history.entries.map((entry) => entry.verdict)).toEqual(
      Array(signed.length).fill('verified'),
    );
    expect(exported.evidence.summary).toMatchObject({ changes: 1, verified: 1, approvals: 1 });

    const verified = await verify('store.json');
    expect(verified.report).toMatchObject({
      ok: true,
      changes: 1,
      verified_entries: signed.length,
      findings: [],
    });
    expect(verified.code).toBe(0);

    // (a) The export's id edited to another repository's: the entries signed under acme/store say otherwise.
    edit('store.json', (evidence) => {
      evidence.changes[0]!.repository_id = ids.get('other')!;
    });
    const edited = await verify('store.json');
    expect(edited.code).toBe(1);
    expect(edited.report.ok).toBe(false);
    expect(pointers(edited.report)).toContain('/changes/0/repository_id');
    const finding = edited.report.findings.find(
      (item: { pointer: string }) => item.pointer === '/changes/0/repository_id',
    );
    expect(finding.why).toContain(`entries signed under acme/store carry ${id}`);
  }, 120_000);

  // Continues the first test (its rename of acme/shop to acme/store and the history written there): run the file
  // whole, not this test alone.
  test('a repository that took the old name does not count the renamed one’s signed entries pasted into it', async () => {
    const { sim } = e2e;
    // acme/shop is acme/store since the first test; its change #1 holds the original's history.
    const oldId = ids.get('shop');
    const original = historyEntries(e2e, 'acme/store', 1);
    expect(original.map((entry) => entry.event).slice(0, 2)).toEqual(['submitted', 'approved']);
    const takenId = seedRepo(sim, { org: 'acme', name: 'shop' }).id;
    expect(takenId).not.toBe(oldId);
    const fresh = await changeScenario(e2e, 'acme/shop').open(LOW_PRIORITY_BODY);
    // Same name, same number, same change ID: only the repository id tells the two histories apart.
    expect(fresh.number).toBe(1);
    const [submitted] = historyEntries(e2e, 'acme/shop', fresh.number);
    expect(submitted!.entry.change_id).toBe(original[0]!.entry.change_id);

    // An admin pastes the original's signed submitted and approved comments into the app's comment there.
    const pasted = [...new Set(original.slice(0, 2).map((entry) => entry.body))].join('\n');
    await sim.as(ADMIN).editComment({ repo: 'acme/shop', commentId: submitted!.id, body: pasted });
    await sim.settle();
    expect(fresh.labels()).not.toContain('change:approved');

    const exported = await exportOf('acme/shop', 'taken.json');
    expect(exported.code).toBe(1);
    const [audited] = exported.evidence.changes;
    expect(exported.evidence.changes).toHaveLength(1);
    expect(audited!.repository_id).toBe(takenId);
    expect(audited!.verdict).toBe('not_verified');
    expect(audited!.approvals).toEqual([]);
    expect(audited!.status).not.toMatch(/approved|completed/);
    expect(exported.evidence.summary).toMatchObject({ verified: 0, approvals: 0 });
    const fromOriginal = audited!.history.entries.filter((entry) => entry.data?.repository_id === oldId);
    expect(fromOriginal.map((entry) => [entry.event, entry.verdict])).toEqual([
      ['submitted', 'foreign'],
      ['approved', 'foreign'],
    ]);

    // audit verify derives the same verdicts: the two pasted entries are named, and the id their signatures
    // give (not the export's) is one of two under this name, so it cannot be taken either.
    const verified = await verify('taken.json');
    expect(verified.code).toBe(1);
    expect(pointers(verified.report)).toEqual([
      '/changes/0/history/comments/0',
      '/changes/0/history/comments/0',
      '/changes/0/repository_id',
    ]);
    expect(verified.report.findings[0].why).toContain(`foreign: comment ${submitted!.id} holds an entry`);
    // Nor does editing the exported id to the original's make them count unseen.
    edit('taken.json', (evidence) => {
      evidence.changes[0]!.repository_id = oldId!;
    });
    const edited = await verify('taken.json');
    expect(edited.code).toBe(1);
    expect(pointers(edited.report)).toContain('/changes/0/repository_id');

    // The renamed repository's own export is not disturbed by a repository now holding its old name.
    const store = await exportOf('acme/store', 'store-again.json');
    expect(store.code).toBe(0);
    expect(store.evidence.changes[0]).toMatchObject({ repository_id: oldId, verdict: 'verified' });
    expect((await verify('store-again.json')).code).toBe(0);
  }, 120_000);

  test('the documented limit: no change holds an entry written since the rename, so audit verify fails closed offline', async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, 'acme/quiet').open(LOW_PRIORITY_BODY);
    await change.approve('carl');
    expect(change.history()).toEqual(['submitted', 'approved']);
    sim.renameRepo({ repo: 'acme/quiet', name: 'hushed' });

    // GitHub gives the id: the export counts the change as approved under its new name.
    const exported = await exportOf('acme/hushed', 'hushed.json');
    expect(exported.code).toBe(0);
    expect(exported.evidence.changes[0]).toMatchObject({
      repository_id: ids.get('quiet'),
      verdict: 'verified',
      status: 'approved',
    });

    // Offline, nothing signed under acme/hushed attests that id: a finding, not a pass.
    const verified = await verify('hushed.json');
    expect(verified.code).toBe(1);
    expect(verified.report.findings).toEqual([
      expect.objectContaining({
        pointer: '/changes/0/repository_id',
        why: expect.stringContaining('cannot be confirmed offline'),
      }),
    ]);

    // change-gate history on GitHub confirms it, as the README says.
    const history = await runCliProcess(
      ['history', '--repo', 'acme/hushed', '--number', String(change.number), '--public-key', publicKey],
      { GITHUB_TOKEN: ADMIN_TOKEN, GITHUB_API_URL: sim.apiUrl },
    );
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    // Both entries, signed under the old name, verified under the new one.
    expect(history.stdout).toMatch(/^✓ \S+ {2}submitted {2}.* verified \(comment \d+\)$/m);
    expect(history.stdout).toMatch(/^✓ \S+ {2}approved {2}.* verified \(comment \d+\)$/m);
  }, 120_000);
});
