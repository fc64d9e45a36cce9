import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// `npm run demo` is what a new user runs first: it must keep working end to end. Its 30-second budget is
// reported by the demo itself (and measured by `npm run bench`), not asserted here.
test('npm run demo walks the seed change from submission to completed deploy and exits 0', async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        ['sandbox/demo.ts'],
        { cwd: ROOT, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
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
    .map((line) => /^\s+[\d.]+s\s+(\S+(?: \S+)?)\s{2,}/.exec(line)?.[1])
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
  ]);
  expect(stdout).toMatch(/deploy of #1's head to production: refused \(pending\)/);
  expect(stdout).toMatch(/dana commented \/approve on her own change → not counted/);
  expect(stdout).toMatch(/check success: "Approved — CHG-\d{4}-001"/);
  expect(stdout).toMatch(
    /deploy of main to production: allowed, deployment \d+ in progress → change:implementing/,
  );
  expect(stdout).toMatch(/→ change:completed; history: completed/);
  expect(stdout).toMatch(
    /4 signed entries \(submitted → approved → implementing → completed\), signatures verified/,
  );
}, 150_000);
