import type { GitHubSimulator, SeededApp } from '../github-sim/index.ts';

/**
 * What an app process needs to run against the simulator: Probot's variables for the registered app, GHES
 * at the simulator's host, loopback on PORT, and the sweep and the heal round off (they run on a timer, so
 * their requests would land in other measurements) unless EXTRA turns them on.
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
  ...options.extra,
});
