// scripts/build-app.ts: the app's process as one JavaScript file (what `npm start` and the image run). The
// webhook path must not load what it never uses: the packages behind e-mail (nodemailer), OIDC callers of the
// REST API (jose) and the CLI's report (Chart.js, cli-progress) are imported on first use, if ever; Redis's
// client (ioredis) at the first connection, with REDIS_URL only. The schemas are compiled at build time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asciiComments, buildApp, bundleApp } from '../../scripts/build-app.ts';
import { NODE24, ROOT } from './support.ts';

describe('the app bundle (scripts/build-app.ts)', () => {
  // Inside the repository (.tmp/ is ignored), so that the bundle finds node_modules as dist/app.js does.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const directory = mkdtempSync(join(ROOT, '.tmp', 'app-bundle-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('imports at load only what the webhook path needs; e-mail and OIDC packages on first use', async () => {
    const bundle = await bundleApp();
    expect(bundle.packages.atLoad).toContain('probot');
    for (const unused of [
      'ioredis',
      'nodemailer',
      'jose',
      'chart.js',
      'cli-progress',
      'mermaid',
      'jsdom',
      'esbuild',
      // The REST API's request bodies: Ajv is required with the first one checked.
      'ajv',
      'ajv-formats',
    ]) {
      expect(bundle.packages.atLoad, unused).not.toContain(unused);
    }
    expect(bundle.packages.onFirstUse).toEqual(expect.arrayContaining(['jose', 'nodemailer']));
    // The sources are inside, JavaScript: nothing left for Node's TypeScript stripper.
    expect(bundle.text).not.toMatch(/from\s+["'][^"']*\.ts["']/);
    expect(bundle.text).not.toMatch(/import\(\s*["'][^"']*\.ts["']\s*\)/);
    // The project's schemas compiled at build time (scripts/precompiled-schemas.ts), not by Ajv at the first
    // event; what their code requires is inside: an ES module has no `require` (esbuild's stand-in throws).
    expect(bundle.text).not.toContain('src/core/validation/schema-ajv.ts');
    expect(bundle.text).toContain('ajv/dist/runtime/equal.js');
    expect(bundle.text).not.toMatch(/__require\(\s*["']/);
    // ASCII only: V8 keeps the source while the app runs, at one byte per character (two with a single other).
    expect(bundle.text).not.toMatch(/[\u0080-\u{10ffff}]/u);
  });

  it('escapes what esbuild leaves in comments, and refuses a non-ASCII character anywhere else', () => {
    expect(asciiComments('  /** Codes (`ETIMEDOUT`\u2026). */\n  code;\n// a \u2192 b')).toBe(
      '  /** Codes (`ETIMEDOUT`\\u{2026}). */\n  code;\n// a \\u{2192} b',
    );
    expect(() => asciiComments('const a = 1;\nconst arrow = "\u2192";')).toThrow(
      /line 2 .*outside a comment/,
    );
  });

  it('writes a bundle that Node runs (it stops for a missing App ID, as the sources do)', async () => {
    const outfile = join(directory, 'app.js');
    expect(await buildApp({ outfile, orSources: true })).toBe('bundle');
    const run = spawnSync(NODE24, [outfile], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('App ID is missing');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/ERR_|Cannot find/);
  });

  it('without esbuild (a production install), writes an entry that imports the sources', async () => {
    const outfile = join(tmpdir(), `change-gate-app-${process.pid}.js`);
    try {
      expect(await buildApp({ outfile, orSources: true, esbuild: false })).toBe('sources');
      const text = readFileSync(outfile, 'utf8');
      const [, target] = /^import '([^']+)';$/m.exec(text) ?? [];
      expect(target && new URL(target, `file://${outfile}`).pathname).toBe(join(ROOT, 'src/main.ts'));
    } finally {
      rmSync(outfile, { force: true });
    }
  });
});
