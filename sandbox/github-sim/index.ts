/** The GitHub simulator: sandbox tooling for end-to-end tests, benchmarks and the demo. Never imported by src/. */
export type { Violation } from './fidelity/violations.ts';
export { formatViolations } from './fidelity/violations.ts';
export {
  createGitHubSimulator,
  type GitHubSimulator,
  type GitHubSimulatorOptions,
} from './github-simulator.ts';
export type { FaultRule, LatencyOptions } from './instruments/faults.ts';
export type { LogMark, RequestLogEntry } from './instruments/request-log.ts';
export { sequentialRoundTrips } from './instruments/request-log.ts';
export type { SeededApp, SeededUser } from './seed-helpers.ts';
export type { UserActions } from './user-actions.ts';
export { signPayload } from './webhooks/sign-payload.ts';
export type { Delivery } from './webhooks/webhook-dispatcher.ts';
