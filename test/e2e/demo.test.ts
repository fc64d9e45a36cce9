import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// `npm run demo` is what a new user runs first: it must keep working end to end. Its length is reported by
// the demo itself (and measured by `npm run bench`), not asserted here: about half a minute for the seed change,
// then up to half a minute more while the maintenance-window change waits for its slot on the real clock.
test('npm run demo walks the seed change from submission to completed deploy, then an emergency, a maintenance window and the month report, and exits 0', async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        ['sandbox/demo.ts'],
        { cwd: ROOT, timeout: 240_000, env: { ...process.env, NO_COLOR: '1' } },
        (error, out, err) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            stdout: out,
            stderr: err,
          }),
      );
    },
  );
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const stages = stdout
    .split('\n')
    // The time column is padded to six characters: from 100 s on it has no leading space.
    .map((line) => /^\s*[\d.]+s\s+(\S+(?: \S+)?)\s{2,}/.exec(line)?.[1])
    .filter(Boolean);
  expect(stages).toEqual([
    'setup',
    'submitted',
    'deploy gate',
    'refused',
    'approval',
    'approval',
    'approval',
    'approved',
    'merged',
    'deploy gate',
    'completed',
    'audit',
    'window',
    'deploy gate',
    'emergency',
    'confirmed',
    'deployed',
    'retroactive',
    'reviewed',
    'deploy gate',
    'report',
    'dashboard',
  ]);
  // The month's report of the organisation: the three changes, every history verified, the dashboard on disk.
  expect(stdout).toMatch(/change-gate report --org acme --period \d{4}-\d{2}: 3 changes, .* \(exit 0\)/);
  expect(stdout).toContain('| Total changes | 3 |');
  expect(stdout).toContain('_None: every change history verified._');
  const dashboard = /dashboard written to (\S+\.html)/.exec(stdout)?.[1];
  expect(dashboard && readFileSync(dashboard, 'utf8')).toContain('<canvas');
  expect(stdout).toMatch(/deploy of #1's head to production: refused \(pending\)/);
  expect(stdout).toMatch(/dana commented \/approve on her own change → not counted/);
  expect(stdout).toMatch(/check success: "Approved — CHG-\d{4}-001"/);
  expect(stdout).toMatch(
    /carl \(change-manager\) approved with POST …\/CHG-\d{4}-001\/approve → 200 approved, next step implementation/,
  );
  expect(stdout).toMatch(
    /deploy of main to production: allowed, deployment \d+ in progress → change:approved; history: implementing/,
  );
  expect(stdout).toMatch(/→ change:completed; history: completed/);
  expect(stdout).toMatch(
    /7 signed entries \(submitted → voted → approved → implementing → step_completed → completed → step_completed\), signatures verified/,
  );
  // The rest of the lifecycle: a change that waits for its maintenance window, an emergency deployed first.
  expect(stdout).toMatch(/deploy of #1 right away: refused \(outside_window\)/);
  expect(stdout).toMatch(/commented \/emergency → check success: "Emergency change confirmed by @lee/);
  expect(stdout).toMatch(/merged and deployed before any approval: gate allowed, finish success/);
  expect(stdout).toMatch(/approved afterwards → history: …, retroactively_approved/);
  expect(stdout).toMatch(
    /closed review issue #\d+ → change:completed, change:emergency; history ends reviewed, completed/,
  );
  expect(stdout).toMatch(/deployed with wait: allowed in its maintenance window/);
}, 280_000);
