import { fileURLToPath } from 'node:url';
import {
  createGitHubSimulator,
  type GitHubSimulator,
  type GitHubSimulatorOptions,
  type SeededApp,
} from '../github-sim/index.ts';
import { type AppProcess, spawnApp, waitUntilListening } from './app-process.ts';
import { appProcessEnv } from './app-process-env.ts';
import { freePort } from './free-port.ts';
import { readAppManifest } from './read-app-manifest.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_APP_PATH = './src/index.ts';

export interface StartOptions {
  /** The Probot app file; default `./src/index.ts`, started with `npm start` as a user would. */
  appPath?: string;
  /** Default: `npm-start` for the default app path, `probot-run` for any other. */
  command?: 'npm-start' | 'probot-run';
  appId?: number;
  /** Default `change-gate`. */
  slug?: string;
  /** Organisation the app is installed on (all repositories). Default `acme`. */
  org?: string;
  /** Default: `default_permissions` / `default_events` of `app.yml`. */
  permissions?: Record<string, 'read' | 'write' | 'admin'>;
  events?: string[];
  /** Simulator options; `openapi` is on unless set to false. */
  simulator?: GitHubSimulatorOptions;
  /** Probot's `LOG_LEVEL`; default `info` (logs are only printed when a test fails). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Seeds users, teams and repos before the app starts. */
  seed?: (sim: GitHubSimulator) => void | Promise<void>;
  /**
   * More environment variables for the app (e.g. the `CHANGE_GATE_NOTIFY_*` destinations), read at start. The
   * sweep is off (`CHANGE_GATE_SWEEP_INTERVAL: off`) unless set here.
   */
  env?: Record<string, string> | (() => Record<string, string>);
  startTimeoutMs?: number;
}

export interface E2E {
  sim: GitHubSimulator;
  app: SeededApp;
  installationId: number;
  org: string;
  /** The app's base URL, e.g. `http://127.0.0.1:PORT`. */
  appUrl: string;
  webhookUrl: string;
  process: AppProcess;
  stop(): Promise<void>;
}

/**
 * Starts the simulator (OpenAPI fidelity on), registers the app with a fresh RSA key and secret,
 * installs it on an organisation, then runs the real app as a child process configured only with
 * Probot's standard variables, pointed at the simulator as a GitHub Enterprise Server.
 */
export const startSimulatorAndApp = async (options: StartOptions = {}): Promise<E2E> => {
  const appPath = options.appPath ?? DEFAULT_APP_PATH;
  const manifest = readAppManifest(`${REPO_ROOT}app.yml`);
  const sim = createGitHubSimulator({ ...options.simulator, openapi: options.simulator?.openapi ?? true });
  await sim.start();
  const org = options.org ?? 'acme';
  let app: AppProcess | undefined;
  try {
    const registered = sim.registerApp({
      ...(options.appId === undefined ? {} : { id: options.appId }),
      slug: options.slug ?? 'change-gate',
      name: 'Change Gate',
      permissions: options.permissions ?? manifest.permissions,
      events: options.events ?? manifest.events,
    });
    sim.createOrg({ login: org });
    await options.seed?.(sim);
    const installation = sim.installApp({ app: registered.id, account: org });
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    app = spawnApp({
      repoRoot: REPO_ROOT,
      command: options.command ?? (appPath === DEFAULT_APP_PATH ? 'npm-start' : 'probot-run'),
      appPath,
      // The sweep is off unless a test asks for it, so that its requests never land in another test's counts.
      env: appProcessEnv({
        app: registered,
        sim,
        port,
        logLevel: options.logLevel ?? 'info',
        extra: typeof options.env === 'function' ? options.env() : options.env,
      }),
    });
    await waitUntilListening({ url: `${appUrl}/`, app, timeoutMs: options.startTimeoutMs ?? 30_000 });
    const webhookUrl = `${appUrl}/api/github/webhooks`;
    sim.setAppWebhookUrl({ app: registered.id, url: webhookUrl });
    const started = app;
    return {
      sim,
      app: registered,
      installationId: installation.id,
      org,
      appUrl,
      webhookUrl,
      process: started,
      async stop() {
        await started.stop();
        await sim.stop();
      },
    };
  } catch (error) {
    await app?.stop();
    await sim.stop();
    throw error;
  }
};
