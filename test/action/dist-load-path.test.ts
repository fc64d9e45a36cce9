import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionFiles, buildAction } from '../../scripts/build-action.ts';

/** The files a module loads before its code runs: its static imports, and theirs (relative ones only). */
const staticClosure = (dir: string, entry: string): Set<string> => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(
      /(?:^|[;}\s])(?:import|export)\s*(?:[^'";]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      visit(normalize(join(dirname(file), match[1]!)));
    }
  };
  visit(entry);
  return seen;
};

/** The chunk `index.js` imports for a command (`import("./chunks/gate-….js")`). */
const commandChunk = (dir: string, command: string): string => {
  const match = readFileSync(join(dir, 'index.js'), 'utf8').match(
    new RegExp(`import\\(["']\\./(chunks/${command}-[^"']+)["']\\)`),
  );
  if (!match) throw new Error(`index.js imports no chunk for ${command}`);
  return match[1]!;
};

const bytes = (dir: string, files: Iterable<string>) =>
  [...files].reduce((sum, file) => sum + readFileSync(join(dir, file)).length, 0);

describe('the action bundle: what a gate loads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-dist-'));
    await buildAction({ outdir: dir });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the gate's code and what it shares, not the other commands', the mailer, Ajv or undici", async () => {
    const gate = new Set([
      ...staticClosure(dir, 'index.js'),
      ...staticClosure(dir, commandChunk(dir, 'gate')),
    ]);
    const all = (await actionFiles(dir)).filter((file) => file.endsWith('.js'));
    for (const command of ['sweep', 'report', 'validate', 'finish']) {
      expect(gate.has(commandChunk(dir, command)), command).toBe(false);
    }
    const text = [...gate].map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
    // nodemailer (the sweep's mail), Ajv's compiler (the schemas are compiled at build time), undici (bundled
    // by @actions/http-client for the OIDC token the action never asks for).
    expect(text).not.toMatch(/nodemailer|new Ajv|ajv\/dist\/compile|ProxyAgent/);
    // A fraction of the whole: the report and the sweep stay out.
    expect(bytes(dir, gate)).toBeLessThan(bytes(dir, all) * 0.7);
  });
});
