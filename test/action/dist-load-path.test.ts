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
const MARK = 'CHANGE-GATE-TEST: nodemailer initialised';

describe('the action bundle: what a gate runs', () => {
  let dir: string;
  let github: LoopbackGitHub;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-dist-'));
    await buildAction({ outdir: dir, minify: false });
    // The mailer's module says when it is initialised (esbuild wraps a lazily imported module's code in
    // `__esm({ "<path>"() { … } })`).
    const file = join(dir, 'index.js');
    const text = readFileSync(file, 'utf8');
    const marked = text.replace(
      /("[^"]*node_modules\/nodemailer\/[^"]*\/nodemailer\.js"\(\) \{)/,
      `$1 console.log(${JSON.stringify(MARK)});`,
    );
    expect(marked, 'the mailer module is wrapped to be initialised when imported').not.toBe(text);
    writeFileSync(file, marked);
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

  it('a gate does not initialise the sweep’s mailer; a sweep does', async () => {
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
    expect(gate.stdout).not.toContain(MARK);
    // The sweep stops at its signing key, after its modules were initialised.
    const sweep = await run({ command: 'sweep', 'app-id': '1', 'private-key': 'not a key' });
    expect(sweep.code).toBe(1);
    expect(sweep.stdout).toContain(MARK);
  });
});
