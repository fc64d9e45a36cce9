import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { actionFiles, buildAction } from '../../scripts/build-action.ts';
import { checkRun, pullRequest, sha } from './action-harness.ts';
import { type LoopbackGitHub, startLoopbackGitHub } from './loopback-github.ts';

const HEAD = sha('b');
const MERGE = sha('d');
const MAILER = 'CHANGE-GATE-TEST: nodemailer initialised';
const SWEEP = 'CHANGE-GATE-TEST: the sweep initialised';

describe('the action bundle: what a gate runs', () => {
  let dir: string;
  let github: LoopbackGitHub;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-dist-'));
    await buildAction({ outdir: dir, minify: false });
    // The mailer's module and the sweep's say when they are initialised (esbuild wraps a lazily imported
    // module's code in `__esm({ "<path>"() { … } })`).
    const file = join(dir, 'index.js');
    let text = readFileSync(file, 'utf8');
    for (const [pattern, mark] of [
      [/("[^"]*node_modules\/nodemailer\/[^"]*\/nodemailer\.js"\(\) \{)/, MAILER],
      [/("action\/src\/sweep\.ts"\(\) \{)/, SWEEP],
    ] as const) {
      const marked = text.replace(pattern, `$1 console.log(${JSON.stringify(mark)});`);
      expect(marked, `the module that prints ${mark} is wrapped to be initialised when imported`).not.toBe(
        text,
      );
      text = marked;
    }
    writeFileSync(file, text);
    github = await startLoopbackGitHub({
      config: null,
      deployments: [],
      compare: {},
      pullsOfCommit: { [MERGE]: [pullRequest({ number: 12, headSha: HEAD })] },
      checkRuns: { [HEAD]: [checkRun({ id: 2, headSha: HEAD })] },
    });
  });
  afterAll(async () => {
    await github?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one file, without undici (OIDC only) or Ajv’s compiler (the schemas are compiled at build time)', async () => {
    expect(await actionFiles(dir)).toEqual(['index.js', 'package.json']);
    const text = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(text).not.toMatch(/node_modules\/undici\/|ajv\/dist\/compile\/index\.js|new Ajv2020\(/);
  });

  it('a gate initialises neither the sweep nor the mailer; a sweep initialises the mailer only to send', async () => {
    const run = (inputs: Record<string, string>) =>
      runAction({
        apiUrl: github.url,
        token: 'ghs_loopback',
        repository: 'acme/shop',
        sha: MERGE,
        inputs,
        entry: join(dir, 'index.js'),
      });
    const gate = await run({ environment: 'production' });
    expect(gate.outputs.status).toBe('approved');
    expect(gate.stdout).not.toContain(SWEEP);
    expect(gate.stdout).not.toContain(MAILER);
    // The sweep stops at its signing key, after its modules were initialised; it has sent nothing, so the
    // mailer (imported by the sender on its first email) is still not loaded.
    const sweep = await run({ command: 'sweep', 'app-id': '1', 'private-key': 'not a key' });
    expect(sweep.code).toBe(1);
    expect(sweep.stdout).toContain(SWEEP);
    expect(sweep.stdout).not.toContain(MAILER);
  });
});
