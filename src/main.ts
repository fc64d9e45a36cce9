import { run } from 'probot';
import { sharedRedis } from './app/shared-redis.ts';
import changeGate from './index.ts';
import { createAppMetrics } from './ops/app-metrics.ts';
import { createChangeGateOctokit } from './ops/change-gate-octokit.ts';

// The app's process (`npm start`, the container's command): Probot's `run` with the app's Octokit (read-only
// GraphQL unpaced, bounded rate-limit retries, metrics, request spacing per installation shared on Redis),
// configured by Probot's usual environment variables.
const metrics = createAppMetrics();
const redis = sharedRedis(process.env);
// Probot does not see REDIS_URL: its own throttle on Redis (Bottleneck on a default ioredis client) stops
// every GitHub call while Redis is down. The app's Octokit spaces requests on Redis itself, with a fallback.
const probotEnv = new Proxy(process.env, {
  get: (env, name) => (name === 'REDIS_URL' ? undefined : Reflect.get(env, name)),
});
await run((app, options) => changeGate(app, { ...options, metrics, redis }), {
  Octokit: createChangeGateOctokit({ metrics, redis }),
  env: probotEnv,
});
