import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionFiles, buildAction } from '../../scripts/build-action.ts';

const DIST = fileURLToPath(new URL('../../action/dist', import.meta.url));

describe('action/dist', () => {
  it('is what `npm run build:action` builds from the sources (rebuild and commit it when this fails)', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'change-gate-dist-'));
    try {
      await buildAction({ outdir });
      const fresh = await actionFiles(outdir);
      // The same files (a stale file left behind, or one missing, fails here)…
      expect(
        await actionFiles(DIST),
        'action/dist is stale: run `npm run build:action` and commit it',
      ).toEqual(fresh);
      expect(fresh).toContain('index.js');
      // …with the same contents, compared as booleans: a failing diff of a bundle would bury the message.
      const stale = fresh.filter(
        (file) => readFileSync(join(outdir, file), 'utf8') !== readFileSync(join(DIST, file), 'utf8'),
      );
      expect(stale, 'action/dist is stale: run `npm run build:action` and commit it').toEqual([]);
      for (const file of fresh) {
        const text = readFileSync(join(outdir, file), 'utf8');
        expect(text).not.toContain(process.cwd());
        // ASCII only (esbuild escapes the rest; a byte per character): one-byte source text, which Node and V8
        // read faster.
        expect(Buffer.byteLength(text, 'utf8'), file).toBe(text.length);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
