import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { formatViolations } from '../../../sandbox/github-sim/index.ts';
import {
  type E2E,
  type StartOptions,
  startSimulatorAndApp,
} from '../../../sandbox/harness/start-simulator-and-app.ts';

export interface UseE2EOptions extends StartOptions {
  /** Allow webhook deliveries the app answered with a non-2xx status (default: they fail the test). */
  allowFailedDeliveries?: boolean;
}

/**
 * Vitest wiring for one file: simulator + real app started once (beforeAll), stopped after;
 * after each test the simulator must be quiet, with no OpenAPI violation and no failed delivery.
 * The app's output is printed when a test fails. Read the handles inside tests or hooks only.
 */
export const useE2E = (options: UseE2EOptions = {}): E2E => {
  let env: E2E | undefined;
  let logOffset = 0;
  let deliveryOffset = 0;
  const current = (): E2E => {
    if (!env)
      throw new Error(
        'useE2E: the simulator and app are not started (use the handles inside tests or hooks)',
      );
    return env;
  };

  beforeAll(
    async () => {
      env = await startSimulatorAndApp(options);
    },
    (options.startTimeoutMs ?? 30_000) + 30_000,
  );

  afterAll(async () => {
    await env?.stop();
  });

  beforeEach((context) => {
    const e2e = current();
    logOffset = e2e.process.logOffset();
    deliveryOffset = e2e.sim.deliveries.length;
    context.onTestFailed(() => {
      console.error(`--- app output during "${context.task.name}" ---\n${e2e.process.logsSince(logOffset)}`);
    });
  });

  afterEach(async () => {
    const { sim } = current();
    await sim.settle();
    const violations = [...sim.violations];
    sim.clearViolations();
    const failed = sim.deliveries
      .slice(deliveryOffset)
      .filter((d) => d.done && (d.status === null || d.status < 200 || d.status >= 300));
    if (violations.length > 0) {
      throw new Error(
        `GitHub simulator recorded ${violations.length} fidelity violation(s):\n${formatViolations(violations)}`,
      );
    }
    if (failed.length > 0 && !options.allowFailedDeliveries) {
      throw new Error(
        `the app failed ${failed.length} webhook delivery(ies):\n${failed
          .map(
            (d) =>
              `  ${d.event}.${d.action ?? ''} (${d.id}) → ${d.status ?? d.error} ${d.response.slice(0, 200)}`,
          )
          .join('\n')}`,
      );
    }
  });

  return new Proxy({} as E2E, {
    get: (_target, key) => current()[key as keyof E2E],
  });
};
