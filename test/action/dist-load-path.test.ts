import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const COMMANDS = 'CHANGE-GATE-TEST: commands.js loaded';
const SCHEMA_ERRORS = 'CHANGE-GATE-TEST: schema-errors.cjs loaded';
const PICOMATCH = 'CHANGE-GATE-TEST: picomatch initialised';

describe('the action bundle: what a gate runs', () => {
  let dir: string;
  let github: LoopbackGitHub;
  /** The built bundle run as the runner runs it, against `url`: a gate to production unless `inputs` say else. */
  const runBundle = (
    url: string,
    more: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
  ) =>
    runAction({
      apiUrl: url,
      token: 'ghs_loopback',
      repository: 'acme/shop',
      sha: MERGE,
      inputs: more.inputs ?? { environment: 'production' },
      entry: join(dir, 'index.js'),
      ...(more.env ? { env: more.env } : {}),
    });
  /** A loopback GitHub where MERGE is pull request #12's merge, our check on its head, serving `config`. */
  const mergedWith = (config: string | null) =>
    startLoopbackGitHub({
      config,
      deployments: [],
      compare: {},
      pullsOfCommit: { [MERGE]: [pullRequest({ number: 12, headSha: HEAD })] },
      checkRuns: { [HEAD]: [checkRun({ id: 2, headSha: HEAD })] },
    });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-dist-'));
    await buildAction({ outdir: dir, minify: false });
    // The mailer's module and the sweep's say when they are initialised (esbuild wraps a lazily imported
    // module's code in `__esm({ "<path>"() { … } })`): in commands.js, the bundle of every command.
    const file = join(dir, 'commands.js');
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
    // After the banner's two lines (its import, then `require`): printed when commands.js is evaluated.
    const [importLine, requireLine, ...rest] = text.split('\n');
    text = [importLine, requireLine, `console.log(${JSON.stringify(COMMANDS)});`, ...rest].join('\n');
    writeFileSync(file, text);
    // picomatch says when it is initialised (esbuild wraps a CommonJS module in `__commonJS({ "<path>"(…) { … } })`).
    const deploy = join(dir, 'deploy.js');
    const deployText = readFileSync(deploy, 'utf8');
    const marked = deployText.replace(
      /("[^"]*node_modules\/picomatch\/lib\/picomatch\.js"\(exports, module\) \{)/,
      `$1 console.log(${JSON.stringify(PICOMATCH)});`,
    );
    expect(marked, 'picomatch is wrapped to be initialised when required').not.toBe(deployText);
    writeFileSync(deploy, marked);
    // The validators that describe errors say when they are loaded (only for a value found invalid).
    const errorsFile = join(dir, 'schema-errors.cjs');
    writeFileSync(
      errorsFile,
      `console.log(${JSON.stringify(SCHEMA_ERRORS)});\n${readFileSync(errorsFile, 'utf8')}`,
    );
    github = await mergedWith(null);
  });
  afterAll(async () => {
    await github?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is whole files, without undici (OIDC only) or Ajv’s compiler (the schemas are compiled at build time)', async () => {
    expect(await actionFiles(dir)).toEqual([
      'commands.js',
      'deploy.js',
      'index.js',
      'package.json',
      'schema-errors.cjs',
    ]);
    expect(readFileSync(join(dir, 'schema-errors.cjs'), 'utf8')).not.toMatch(
      /ajv\/dist\/compile\/index\.js|new Ajv2020\(|^import /m,
    );
    for (const file of ['index.js', 'deploy.js', 'commands.js']) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toMatch(/node_modules\/undici\/|ajv\/dist\/compile\/index\.js|new Ajv2020\(/);
      // Whole: no chunk shared with the other, and no static import of a Node built-in (they load on use).
      expect(text.match(/^import .*$/gm)).toEqual([
        "import { createRequire as __changeGateCreateRequire } from 'node:module';",
      ]);
    }
  });

  it('index.js only turns on the compile cache and loads deploy.js (gate, finish) or commands.js (the rest)', () => {
    const entry = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(entry).toContain('import("./deploy.js")');
    expect(entry).toContain('import("./commands.js")');
    expect(entry).toContain('enableCompileCache');
    expect(entry).not.toMatch(/"action\/src\/(gate|finish|sweep)\.ts"\(\) \{|node_modules\//);
  });

  it('deploy.js holds the gate and finish only: the other commands and the mailer are in commands.js', () => {
    const index = readFileSync(join(dir, 'deploy.js'), 'utf8');
    expect(index).toContain('"action/src/gate.ts"() {');
    expect(index).toContain('"action/src/finish.ts"() {');
    expect(index).not.toMatch(/"action\/src\/(sweep|report|validate)\.ts"\(\) \{|node_modules\/nodemailer\//);
    // Its client is @octokit/core's: the generated REST methods are the sweep's and the report's.
    expect(index).not.toMatch(
      /node_modules\/@octokit\/(rest|plugin-rest-endpoint-methods|plugin-paginate-rest)\//,
    );
    expect(readFileSync(join(dir, 'commands.js'), 'utf8')).toMatch(
      /node_modules\/@octokit\/plugin-rest-endpoint-methods\//,
    );
    expect(index).not.toContain('import("./commands.js")');
  });

  it('keeps Node’s compile cache in the runner’s tool cache; a cache gone bad is compiled around, never trusted', async () => {
    const toolCache = mkdtempSync(join(tmpdir(), 'change-gate-tool-cache-'));
    try {
      const gate = () =>
        runBundle(github.url, { env: { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_TOOL_CACHE: toolCache } });
      expect((await gate()).outputs.status).toBe('approved');
      const cacheDir = join(toolCache, 'change-gate-compile-cache');
      const cached = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((entry) =>
        entry.isFile(),
      );
      expect(cached.length).toBeGreaterThan(0);
      // Every entry overwritten with garbage: Node checks each against its checksum and compiles again.
      for (const entry of cached) writeFileSync(join(entry.parentPath, entry.name), 'not compiled code');
      const again = await gate();
      expect(again.code).toBe(0);
      expect(again.outputs.status).toBe('approved');
    } finally {
      rmSync(toolCache, { recursive: true, force: true });
    }
  });

  it('a gate runs from index.js and deploy.js; a sweep from commands.js, which initialises the mailer only to send', async () => {
    const run = (inputs: Record<string, string>) => runBundle(github.url, { inputs });
    const gate = await run({ environment: 'production' });
    expect(gate.outputs.status).toBe('approved');
    expect(gate.stdout).not.toContain(COMMANDS);
    // The other commands, and a misspelt one, are handed to commands.js, which runs or refuses them.
    const misspelt = await run({ command: 'gates', environment: 'production' });
    expect(misspelt.code).toBe(1);
    expect(misspelt.stdout).toContain(COMMANDS);
    expect(misspelt.stdout).toContain(
      'input command: "gates" is not gate, finish, sweep, report or validate',
    );
    const validate = await run({ command: 'validate', files: 'missing.yml' });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(COMMANDS);
    expect(validate.stdout).toContain('missing.yml');
    // The sweep stops at its signing key, after its modules were initialised; it has sent nothing, so the
    // mailer (imported by the sender on its first email) is still not loaded.
    const sweep = await run({ command: 'sweep', 'app-id': '1', 'private-key': 'not a key' });
    expect(sweep.code).toBe(1);
    expect(sweep.stdout).toContain(COMMANDS);
    expect(sweep.stdout).toContain(SWEEP);
    expect(sweep.stdout).not.toContain(MAILER);
  });

  it('a gate loads the validators that describe errors only for a config it finds invalid, and refuses with them', async () => {
    const valid = await runBundle(github.url);
    expect(valid.outputs.status).toBe('approved');
    expect(valid.stdout).not.toContain(SCHEMA_ERRORS);
    const invalid = await mergedWith('change_management:\n  freeze_windowz: []\n');
    try {
      const refused = await runBundle(invalid.url);
      expect(refused.code).toBe(1);
      expect(refused.outputs.status).toBe('error');
      expect(refused.stdout).toContain(SCHEMA_ERRORS);
      expect(refused.stdout).toContain('is not a valid Change Gate config');
      expect(refused.stdout).toMatch(/unknown key "freeze_windowz" \(did you mean "freeze_windows"\?\)/);
    } finally {
      await invalid.close();
    }
  });

  it('a gate initialises picomatch only for a config with globs, which it then compiles and checks', async () => {
    const none = await runBundle(github.url);
    expect(none.outputs.status).toBe('approved');
    expect(none.stdout).not.toContain(PICOMATCH);
    const globs = await mergedWith(
      'change_management:\n  scope:\n    branches: ["ma*"]\n    paths: ["src/**"]\n',
    );
    const badGlob = await mergedWith('change_management:\n  scope:\n    paths: ["src/[ab"]\n');
    try {
      const allowed = await runBundle(globs.url);
      expect(allowed.outputs.status).toBe('approved');
      expect(allowed.stdout).toContain(PICOMATCH);
      const refused = await runBundle(badGlob.url);
      expect(refused.code).toBe(1);
      expect(refused.outputs.status).toBe('error');
      expect(refused.stdout).toContain(PICOMATCH);
      expect(refused.stdout).toContain('is not a valid Change Gate config');
      expect(refused.stdout).toContain('src/[ab');
    } finally {
      await globs.close();
      await badGlob.close();
    }
  });

  it('a gate never loads node:crypto (outputs are delimited and the deployment tokened by the OS’s random bytes), nor the promise-based fs', async () => {
    if (process.platform === 'win32') return; // No /dev/urandom: there the action's randomUUID is node:crypto's.
    const probe = join(dir, 'probe.cjs');
    const report = join(dir, 'crypto-modules.txt');
    writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, process.moduleLoadList.filter((name) => /crypto|fs\\/promises|readline/.test(name)).join('\\n')));\n`,
    );
    const gate = await runBundle(github.url, { env: { NODE_OPTIONS: `--require ${probe}` } });
    expect(gate.outputs.status).toBe('approved');
    expect(gate.outputs['change-ids']).toBeDefined();
    expect(readFileSync(report, 'utf8')).toBe('');
  });
});
