import { run } from 'probot';
import { sharedRedis } from './app/shared-redis.ts';
import changeGate from './index.ts';
import { createAppMetrics } from './ops/app-metrics.ts';
import { createChangeGateOctokit } from './ops/change-gate-octokit.ts';
import { shutDownOnSignals, shutdownTimeoutMs } from './ops/graceful-shutdown.ts';
import { createHandlersInFlight } from './ops/handlers-in-flight.ts';
import { pacingFactor } from './ops/pacing-factor.ts';
import type { UseCaseLog } from './use-cases/use-case-log.ts';

// The app's process (`npm start`, the container's command): Probot's `run` with the app's Octokit (read-only
// GraphQL unpaced, bounded rate-limit retries, metrics, request spacing per installation shared on Redis),
// configured by Probot's usual environment variables; stopped gracefully on SIGTERM and SIGINT.
const timeoutMs = shutdownTimeoutMs(process.env);
const pacing = pacingFactor(process.env);
const inFlight = createHandlersInFlight();
const metrics = createAppMetrics({ processMetrics: true });
const redis = sharedRedis(process.env, { metrics });
// Probot does not see REDIS_URL: its own throttle on Redis (Bottleneck on a default ioredis client) stops
// every GitHub call while Redis is down. The app's Octokit spaces requests on Redis itself, with a fallback.
const probotEnv = new Proxy(process.env, {
  get: (env, name) => (name === 'REDIS_URL' ? undefined : Reflect.get(env, name)),
});
const before = new Set(process.listeners('SIGINT'));
// Probot's logger once the app is loaded (setup mode, without APP_ID, loads Probot's setup app instead).
let log: Pick<UseCaseLog, 'info' | 'warn'> = {
  info: (fieldsOrMessage, message) => console.info(message ?? fieldsOrMessage),
  warn: (message) => console.warn(message),
};
const server = await run(
  (app, options) => {
    log = app.log;
    if (pacing !== 1) {
      app.log.warn(
        `CHANGE_GATE_PACING_FACTOR=${pacing}: GitHub's pacing of writes and searches is multiplied by ${pacing} (faster than github.com allows: for a GitHub Enterprise Server whose secondary rate limits were raised)`,
      );
    }
    changeGate(app, { ...options, metrics, redis, inFlight });
  },
  {
    Octokit: createChangeGateOctokit({ metrics, redis, pacingFactor: pacing }),
    env: probotEnv,
  },
);
shutDownOnSignals({
  server,
  handlers: inFlight,
  timeoutMs,
  log,
  pendingRetries: async () => (await metrics.retriesPending.get()).values[0]?.value ?? 0,
  close: () => redis.close(),
  exit: (code) => process.exit(code),
  replacing: process
    .listeners('SIGINT')
    .filter((listener) => !before.has(listener))
    .map((listener) => ({ signal: 'SIGINT' as const, listener: listener as () => void })),
});
