import { run } from 'probot';
import changeGate from './index.ts';
import { createAppMetrics } from './ops/app-metrics.ts';
import { createChangeGateOctokit } from './ops/change-gate-octokit.ts';

// The app's process (`npm start`, the container's command): Probot's `run` with the app's Octokit (read-only
// GraphQL unpaced, bounded rate-limit retries, metrics), configured by Probot's usual environment variables.
const metrics = createAppMetrics();
await run((app, options) => changeGate(app, { ...options, metrics }), {
  Octokit: createChangeGateOctokit({ metrics }),
});
