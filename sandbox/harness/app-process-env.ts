import type { GitHubSimulator, SeededApp } from '../github-sim/index.ts';

/**
 * GitHub's own pacing of writes and searches (`CHANGE_GATE_PACING_FACTOR=1`, the app's default): what the
 * benchmarks and the demo run with, so that their timings are github.com's.
 */
export const GITHUB_PACING = { CHANGE_GATE_PACING_FACTOR: '1' } as const;

/**
 * What an app process needs to run against the simulator: Probot's variables for the registered app, GHES
 * at the simulator's host, loopback on PORT, the sweep and the heal round off (they run on a timer, so
 * their requests would land in other measurements) unless EXTRA turns them on, and GitHub's pacing ten times
 * faster (`CHANGE_GATE_PACING_FACTOR=0.1`: the simulator has no secondary limits; the tests' waits are then
 * their own, not the pacing's) unless EXTRA sets it (GITHUB_PACING).
 */
export const appProcessEnv = (options: {
  app: Pick<SeededApp, 'id' | 'privateKeyPem' | 'webhookSecret'>;
  sim: Pick<GitHubSimulator, 'host'>;
  port: number;
  logLevel?: string;
  extra?: Record<string, string> | undefined;
}): Record<string, string> => ({
  APP_ID: String(options.app.id),
  PRIVATE_KEY: options.app.privateKeyPem,
  WEBHOOK_SECRET: options.app.webhookSecret,
  GHE_HOST: options.sim.host,
  GHE_PROTOCOL: 'http',
  HOST: '127.0.0.1',
  PORT: String(options.port),
  LOG_LEVEL: options.logLevel ?? 'info',
  CHANGE_GATE_SWEEP_INTERVAL: 'off',
  CHANGE_GATE_HEAL_INTERVAL: 'off',
  CHANGE_GATE_PACING_FACTOR: '0.1',
  ...options.extra,
});
