// There is no Docker engine here: the Dockerfile is parsed and checked for what the image must be (multi-stage,
// Node 24, production dependencies only, non-root, a health check on the app's /healthz, port 3000), then its stages
// are played on the host — the build context filtered by .dockerignore, COPY into a folder per stage, RUN with
// Node 24 — and the final CMD must start the app and the HEALTHCHECK command must pass against it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { freePort } from '../../sandbox/harness/free-port.ts';
import { envPairs, type Instruction, parseDockerfile, stagesOf } from './dockerfile.ts';
import { copyTrackedFiles, npmEnv, ROOT, startGroup, tempFolder } from './support.ts';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const stages = stagesOf(parseDockerfile(dockerfile));
const runtime = stages.at(-1);
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** Docker's rule: the last matching .dockerignore line wins; `!` re-includes. */
const ignored = (path: string): boolean => {
  let result = false;
  for (const pattern of dockerignore) {
    const negated = pattern.startsWith('!');
    const glob = (negated ? pattern.slice(1) : pattern).replace(/\/$/, '');
    if (
      picomatch.isMatch(path, glob, { dot: true }) ||
      picomatch.isMatch(path, `${glob}/**`, { dot: true })
    ) {
      result = !negated;
    }
  }
  return result;
};

const only = (keyword: string): Instruction[] =>
  (runtime?.instructions ?? []).filter((instruction) => instruction.keyword === keyword);

describe('Dockerfile', () => {
  it('has a dependency stage and a runtime stage, both on Node 24', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:24(\.\d+)*-[a-z-]+$/);
    const install = stages.flatMap((stage) => stage.instructions).filter((i) => i.keyword === 'RUN');
    expect(install.map((i) => i.args).join('\n')).toMatch(/npm ci --omit=dev/);
    // The runtime stage installs nothing itself: it takes node_modules from an earlier stage.
    expect(only('RUN')).toEqual([]);
    const fromStage = only('COPY').find((i) => i.flags.from !== undefined);
    expect(stages.map((stage) => stage.name)).toContain(fromStage?.flags.from);
  });

  it('runs as the non-root node user, exposes 3000 and checks /healthz', () => {
    const instructions = runtime?.instructions ?? [];
    const user = instructions.findLastIndex((i) => i.keyword === 'USER');
    expect(instructions[user]?.args).toBe('node');
    expect(user).toBeLessThan(instructions.findIndex((i) => i.keyword === 'CMD'));
    expect(only('EXPOSE').map((i) => i.args)).toEqual(['3000']);
    const [healthcheck] = only('HEALTHCHECK');
    expect(healthcheck?.flags).toMatchObject({ interval: expect.any(String), timeout: expect.any(String) });
    expect(healthcheck?.rest).toMatch(/^CMD /);
    expect(healthcheck?.rest).toContain('/healthz');
    expect(only('CMD')).toHaveLength(1);
    expect(only('CMD')[0]?.exec).not.toBeNull();
  });

  it('runs the bundled app with the V8 options and the environment of `npm start`', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const run = /&& ((?:[A-Z_]+=\S+ )*)node ((?:--[\w-]+=\S+ )*)dist\/app\.js$/.exec(pkg.scripts.start);
    expect(run, 'npm start builds dist/app.js, then runs it').not.toBeNull();
    const options = (run?.[2] ?? '').trim().split(' ').filter(Boolean);
    expect(options).toContain('--max-semi-space-size=8');
    expect(only('CMD')[0]?.exec).toEqual(['node', ...options, 'dist/app.js']);
    // The environment `npm start` gives the app (glibc's malloc settings) is the image's too.
    const environment = envPairs(run?.[1] ?? '');
    expect(environment).toHaveProperty('MALLOC_MMAP_THRESHOLD_');
    const imageEnv = Object.assign(
      {},
      ...only('ENV').map((instruction) => envPairs(instruction.args)),
    ) as Record<string, string>;
    expect(imageEnv).toMatchObject(environment);
    const built = stages.flatMap((stage) => stage.instructions).filter((i) => i.keyword === 'RUN');
    expect(built.map((i) => i.args).join('\n')).toMatch(/node scripts\/build-app\.ts$/m);
  });

  it('copies only files the build context holds after .dockerignore', () => {
    expect(ignored('node_modules/probot/package.json')).toBe(true);
    expect(ignored('.env')).toBe(true);
    expect(ignored('key.pem')).toBe(true);
    expect(ignored('test/e2e/x.test.ts')).toBe(true);
    for (const copy of stages.flatMap((stage) => stage.instructions).filter((i) => i.keyword === 'COPY')) {
      if (copy.flags.from !== undefined) continue;
      const sources = copy.rest.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(ROOT, source)), `${source} (line ${copy.line})`).toBe(true);
        expect(ignored(source), `${source} is excluded by .dockerignore`).toBe(false);
      }
    }
  });
});

describe('the Dockerfile played on the host', () => {
  const work = tempFolder('change-gate-docker-');
  const sim = createGitHubSimulator({ openapi: false });
  afterAll(async () => {
    await sim.stop();
    work.remove();
  });

  it('builds each stage and the image CMD serves /healthz (the HEALTHCHECK passes)', {
    timeout: 180_000,
  }, async () => {
    const context = join(work.path, 'context');
    mkdirSync(context);
    copyTrackedFiles(context);
    const stageRoot = (index: number) => join(work.path, `stage-${index}`);
    // RUN npm ci takes packages from the local npm cache first (the registry is the fallback).
    const env = npmEnv({ npm_config_prefer_offline: 'true', npm_config_loglevel: 'error' });
    stages.forEach((stage, index) => {
      const workdir = stage.instructions.find((i) => i.keyword === 'WORKDIR')?.args;
      expect(workdir, 'every stage sets WORKDIR /app').toBe('/app');
      mkdirSync(stageRoot(index));
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'ENV') Object.assign(env, envPairs(instruction.args));
        if (instruction.keyword === 'COPY') {
          const parts = instruction.rest.split(/\s+/);
          const destination = join(stageRoot(index), parts.at(-1) ?? '');
          const fromIndex = stages.findIndex((s) => s.name === instruction.flags.from);
          for (const source of parts.slice(0, -1)) {
            const from =
              instruction.flags.from === undefined
                ? join(context, source)
                : join(stageRoot(fromIndex), source.replace(/^\/app\/?/, ''));
            const into = destination.endsWith('/')
              ? join(destination, source.split('/').at(-1) ?? '')
              : destination;
            cpSync(from, parts.length > 2 || destination.endsWith('/') ? into : destination, {
              recursive: true,
            });
          }
        }
        if (instruction.keyword === 'RUN') {
          execFileSync('sh', ['-c', instruction.args], {
            cwd: stageRoot(index),
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: 150_000,
          });
        }
      }
    });
    const final = stageRoot(stages.length - 1);
    expect(existsSync(join(final, 'node_modules', 'probot'))).toBe(true);
    expect(existsSync(join(final, 'node_modules', 'esbuild'))).toBe(false);
    expect(existsSync(join(final, 'test'))).toBe(false);
    // JavaScript only: the bundle, no TypeScript source for Node to strip.
    expect(existsSync(join(final, 'dist', 'app.js'))).toBe(true);
    expect(existsSync(join(final, 'src'))).toBe(false);

    await sim.start();
    const registered = sim.registerApp({
      slug: 'change-gate',
      name: 'Change Gate',
      permissions: { checks: 'write' },
      events: ['pull_request'],
    });
    const port = await freePort();
    const [command = '', ...args] = only('CMD')[0]?.exec ?? [];
    const appEnv: Record<string, string | undefined> = {
      ...env,
      APP_ID: String(registered.id),
      PRIVATE_KEY: registered.privateKeyPem,
      WEBHOOK_SECRET: registered.webhookSecret,
      GHE_HOST: sim.host,
      GHE_PROTOCOL: 'http',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
    };
    const app = startGroup(command, args, { cwd: final, env: appEnv });
    try {
      const [healthcheck] = only('HEALTHCHECK');
      const probe = JSON.parse(healthcheck?.rest.replace(/^CMD /, '') ?? '[]') as string[];
      const check = () =>
        spawnSync(probe[0] ?? '', probe.slice(1), { cwd: final, env: appEnv, encoding: 'utf8' }).status;
      // Unhealthy before the server is up, healthy once it is.
      const deadline = Date.now() + 30_000;
      while (!/Listening on/.test(app.output()) && app.exitCode() === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(app.output()).toContain(`Listening on http://127.0.0.1:${port}`);
      expect(check()).toBe(0);
    } finally {
      await app.stop();
    }
    const [healthcheck] = only('HEALTHCHECK');
    const probe = JSON.parse(healthcheck?.rest.replace(/^CMD /, '') ?? '[]') as string[];
    expect(
      spawnSync(probe[0] ?? '', probe.slice(1), { cwd: final, env: appEnv, encoding: 'utf8' }).status,
      'the health check fails once the app is stopped',
    ).toBe(1);
    // The image sets NODE_ENV=production: without its variables the app stops instead of entering Probot's
    // setup mode (a registration page on the open port).
    const { APP_ID: _id, PRIVATE_KEY: _key, ...withoutApp } = appEnv;
    const bare = spawnSync(command, args, { cwd: final, env: withoutApp, encoding: 'utf8', timeout: 30_000 });
    expect(bare.status).not.toBe(0);
    expect(`${bare.stdout}${bare.stderr}`).toContain('App ID is missing');
  });
});
