import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { healTiming } from '../app/heal-timing.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { repeatRound } from '../ops/handlers-in-flight.ts';

/** Deliveries taken per round at most: a backlog is worked off over several rounds. */
const PER_ROUND = 50;
/** The round's interval when the heal round is off. */
const INTERVAL_MS = 15_000;

/**
 * With replicas on Redis: every heal interval (`CHANGE_GATE_HEAL_INTERVAL`, default 15 s; 15 s when the heal
 * round is off), this replica takes the notifications that stopped replicas handed back (kept in Redis) and
 * sends them, each claimed first (NotificationQueue.sendHandedBack). Without Redis nothing is kept: no round.
 */
export const registerHandedBackSchedule = (
  app: Probot,
  deps: AppDeps,
  env: Record<string, string | undefined> = process.env,
): void => {
  const queue = deps.notifications;
  if (!deps.handedBack || !queue) return;
  const intervalMs = healTiming(env)?.intervalMs ?? INTERVAL_MS;
  repeatRound({
    inFlight: deps.inFlight,
    intervalMs,
    round: () => queue.sendHandedBack(PER_ROUND),
    failed: (error) =>
      app.log.warn(`sending the notifications handed back by a stop failed: ${errorMessage(error)}`),
  });
};
