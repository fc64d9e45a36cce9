import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The app's Prometheus metrics, in one registry per process (served at `/metrics`). Label values are bounded:
 * event names, decision statuses, HTTP methods, GitHub's route templates (never filled-in paths) and statuses.
 * `processMetrics`: prom-client's default metrics of the process too (resident memory, heap, event-loop lag,
 * garbage collections), for the app's process (src/main.ts), not for every test's app.
 */
export const createAppMetrics = (options: { processMetrics?: boolean } = {}) => {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    events: new Counter({
      name: 'change_gate_events_total',
      help: 'Webhook events handled, by event (`pull_request.opened`) and outcome (handled, retried, failed).',
      labelNames: ['event', 'outcome'] as const,
      registers,
    }),
    retriesPending: new Gauge({
      name: 'change_gate_event_retries_pending',
      help: 'Webhook events that failed on a transient GitHub error and wait to be handled again.',
      registers,
    }),
    evaluations: new Counter({
      name: 'change_gate_evaluations_total',
      help: 'Evaluations of a change, by the status decided (approved, pending, rejected, …).',
      labelNames: ['status'] as const,
      registers,
    }),
    githubRequests: new Counter({
      name: 'change_gate_github_requests_total',
      help: 'GitHub API requests, by method, route template and final status (0: no answer). Retries inside.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    githubRequestSeconds: new Histogram({
      name: 'change_gate_github_request_duration_seconds',
      help: 'Time from asking Octokit to its answer: the pacing of writes, rate-limit waits and retries included.',
      labelNames: ['method', 'route'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: 'change_gate_github_rate_limit_remaining',
      help: 'Requests left in the current rate-limit window, from the last answer of each resource (core, graphql, search).',
      labelNames: ['resource'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'change_gate_github_rate_limited_total',
      help: 'Answers that were a rate limit (primary or secondary), and whether the request was tried again.',
      labelNames: ['limit', 'retried'] as const,
      registers,
    }),
    notificationFailures: new Counter({
      name: 'change_gate_notification_failures_total',
      help: 'Failed notification deliveries (each failed attempt), by channel.',
      labelNames: ['channel'] as const,
      registers,
    }),
    dirtyMarksDropped: new Counter({
      name: 'change_gate_dirty_marks_dropped_total',
      help: 'Dirty marks the heal round dropped unhealed: the change, its repository or installation was gone (gone), or it could not be healed for a day (expired).',
      labelNames: ['reason'] as const,
      registers,
    }),
    sweepSeconds: new Histogram({
      name: 'change_gate_sweep_duration_seconds',
      help: 'Duration of one sweep round over every installation.',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
      registers,
    }),
    sweepFailures: new Counter({
      name: 'change_gate_sweep_failures_total',
      help: "Installations whose sweep failed (this process took the installation's round and it threw).",
      registers,
    }),
    sweepLastCompleted: new Gauge({
      name: 'change_gate_sweep_last_completed_timestamp_seconds',
      help: 'When this process last completed a sweep round over every installation without a failure (Unix time, seconds); absent until then.',
      registers: [],
    }),
    redisConnected: new Gauge({
      name: 'change_gate_redis_connected',
      help: 'Whether the Redis connection (REDIS_URL) is up: 1, or 0 while the replicas fall back to per-process locks and claims; absent without REDIS_URL.',
      registers: [],
    }),
  };
};

export type AppMetrics = ReturnType<typeof createAppMetrics>;

const shown = new WeakSet<Gauge>();

/** Sets a gauge kept out of its registry until it has a value (one never set would read 0). */
export const setGauge = (registry: Registry, gauge: Gauge, value: number): void => {
  if (!shown.has(gauge)) {
    registry.registerMetric(gauge);
    shown.add(gauge);
  }
  gauge.set(value);
};
