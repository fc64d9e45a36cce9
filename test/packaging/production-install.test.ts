// A production install of a fresh clone: `npm ci --omit=dev` (no dev tool — esbuild, TypeScript, the pinned
// `node` package — is installed or run), then `npm start` on Node 24 reaches Probot's "Listening" line with
// the variables the simulator gives a registered app.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { freePort } from '../../sandbox/harness/free-port.ts';
import { copyTrackedFiles, npmEnv, startGroup, tempFolder } from './support.ts';

describe('npm ci --omit=dev && npm start on a fresh clone', () => {
  const clone = tempFolder('change-gate-prod-install-');
  const sim = createGitHubSimulator({ openapi: false });
  afterAll(async () => {
    await sim.stop();
    clone.remove();
  });

  it('installs without dev dependencies or a build, then listens', { timeout: 180_000 }, async () => {
    expect(copyTrackedFiles(clone.path)).toBeGreaterThan(50);
    expect(existsSync(join(clone.path, 'dist'))).toBe(false);

    execFileSync(
      'npm',
      [
        'ci',
        '--omit=dev',
        '--ignore-scripts=false',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { cwd: clone.path, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 150_000 },
    );
    // Dev tools are absent, so nothing at install or run time may need them.
    for (const devOnly of ['esbuild', 'typescript', 'vitest', 'node']) {
      expect(existsSync(join(clone.path, 'node_modules', devOnly)), devOnly).toBe(false);
    }
    expect(existsSync(join(clone.path, 'node_modules', 'probot'))).toBe(true);

    await sim.start();
    const registered = sim.registerApp({
      slug: 'change-gate',
      name: 'Change Gate',
      permissions: { checks: 'write' },
      events: ['pull_request'],
    });
    const port = await freePort();
    const app = startGroup('npm', ['start', '--silent'], {
      cwd: clone.path,
      env: npmEnv({
        APP_ID: String(registered.id),
        PRIVATE_KEY: registered.privateKeyPem,
        WEBHOOK_SECRET: registered.webhookSecret,
        GHE_HOST: sim.host,
        GHE_PROTOCOL: 'http',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
      }),
    });
    try {
      const deadline = Date.now() + 30_000;
      while (!/Listening on http:\/\/127\.0\.0\.1:\d+/.test(app.output()) && Date.now() < deadline) {
        if (app.exitCode() !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(app.output()).toMatch(new RegExp(`Listening on http://127\\.0\\.0\\.1:${port}`));
      // Probot's health route answers: the server is the app's, not a leftover.
      const ping = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(await ping.text()).toBe('PONG');
      expect(app.output()).not.toMatch(/setup mode|Welcome to Probot/i);
      // Without esbuild, `npm start` runs the sources: dist/app.js only imports src/main.ts.
      expect(readFileSync(join(clone.path, 'dist', 'app.js'), 'utf8')).toContain("import '../src/main.ts';");
    } finally {
      await app.stop();
    }
  });
});
