import { fileURLToPath } from 'node:url';
import { type AppProcess, spawnApp, waitUntilListening } from '../../../sandbox/harness/app-process.ts';
import { appProcessEnv } from '../../../sandbox/harness/app-process-env.ts';
import { freePort } from '../../../sandbox/harness/free-port.ts';
import type { E2E } from '../../../sandbox/harness/start-simulator-and-app.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Another replica of the app (`npm start`, as the image runs it) for the harness's simulator and app, on a free
 * port with `env` added; resolves once it listens, with its webhook URL. The caller stops it.
 */
export const startReplica = async (options: {
  e2e: Pick<E2E, 'app' | 'sim'>;
  env: Record<string, string>;
  /** How it is run: `npm start` (default) or as the container runs it (see spawnApp). */
  command?: 'npm-start' | 'container';
}): Promise<{ replica: AppProcess; webhookUrl: string }> => {
  const port = await freePort();
  const replica = spawnApp({
    repoRoot: REPO_ROOT,
    command: options.command ?? 'npm-start',
    appPath: './src/index.ts',
    env: appProcessEnv({ app: options.e2e.app, sim: options.e2e.sim, port, extra: options.env }),
  });
  try {
    await waitUntilListening({ url: `http://127.0.0.1:${port}/`, app: replica, timeoutMs: 30_000 });
  } catch (error) {
    await replica.stop();
    throw error;
  }
  return { replica, webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks` };
};

/**
 * `count` more replicas (see `startReplica`), started at once. Resolves with them in the order asked for, each
 * beside its own webhook URL: they finish starting in any order (under load the second often listens first), so
 * a replica must never be paired with another's URL by position. Each replica is passed to `onStarted` as soon as
 * it listens, so that the caller can stop it even when another fails to start.
 */
export const startReplicas = (
  count: number,
  options: {
    e2e: Pick<E2E, 'app' | 'sim'>;
    env: Record<string, string>;
    onStarted: (replica: AppProcess) => void;
  },
): Promise<{ replica: AppProcess; webhookUrl: string }[]> =>
  Promise.all(
    Array.from({ length: count }, async () => {
      const started = await startReplica({ e2e: options.e2e, env: options.env });
      options.onStarted(started.replica);
      return started;
    }),
  );

/**
 * Prints each replica's output of the current test when it fails (replicas numbered from 2: the harness's app is
 * the first). Call from a `beforeEach` with its test context.
 */
export const printReplicaLogsOnFailure = (
  context: { onTestFailed: (handler: () => void) => void },
  replicas: readonly AppProcess[],
): void => {
  const offsets = replicas.map((replica) => replica.logOffset());
  context.onTestFailed(() => {
    replicas.forEach((replica, index) => {
      console.error(`--- replica ${index + 2} output ---\n${replica.logsSince(offsets[index] ?? 0)}`);
    });
  });
};
