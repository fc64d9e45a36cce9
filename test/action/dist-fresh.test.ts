import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAction } from '../../scripts/build-action.ts';

const committed = (name: string) =>
  readFileSync(new URL(`../../action/dist/${name}`, import.meta.url), 'utf8');

describe('action/dist', () => {
  it('is what `npm run build:action` builds from the sources (rebuild and commit it when this fails)', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'change-gate-dist-'));
    let fresh: string;
    let freshPackage: string;
    try {
      await buildAction({ outdir });
      fresh = readFileSync(join(outdir, 'index.js'), 'utf8');
      freshPackage = readFileSync(join(outdir, 'package.json'), 'utf8');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    // Compared as booleans first: a failing diff of a 1.6 MB bundle would bury the message.
    expect(
      fresh === committed('index.js'),
      'action/dist/index.js is stale: run `npm run build:action` and commit it',
    ).toBe(true);
    expect(freshPackage).toBe(committed('package.json'));
    expect(fresh).not.toContain(process.cwd());
  });
});
