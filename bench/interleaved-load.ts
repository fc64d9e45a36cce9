// The two sides of a throughput ratio, the app's processes and as many no-op Probot processes, loaded in turns
// on the same pre-signed webhooks: events per second, CPU per event (/proc), Redis work per event (INFO).
import { median } from './percentile.ts';
import { groupPids, processCpuSeconds } from './process-peak-rss.ts';
import { type RedisPerEvent, readRedisCounters, redisPerEvent } from './redis-command-stats.ts';
import { type SendFigures, type SignedWebhook, sendSignedWebhooks } from './send-signed-webhooks.ts';

/** How the sides are loaded: requests in flight, the load's whole duration per side, and its rounds. */
export interface LoadPlan {
  concurrency: number;
  durationMs: number;
  /** Default 1. */
  rounds?: number;
}

/** What one side (app or no-op) did under load: answers, and the CPU its processes used for them. */
export interface LoadFigures extends SendFigures {
  /** CPU milliseconds (user + system) the side's processes used per event answered, during the load. */
  cpuMsPerEvent: number;
  /** The Redis work during the load per event answered (replicas on Redis only). */
  redis?: RedisPerEvent;
}

/** One side of a ratio: its processes' URLs, their process groups, and the redis-server they share, if any. */
export interface Side {
  urls: string[];
  groups: number[];
  redisUrl?: string;
}

/** What one round of load on one side measured. */
interface Round extends SendFigures {
  cpuSeconds: number;
  redis?: RedisPerEvent;
}

/** One warm-up pass over the payloads (installation tokens, JIT). */
const warmUp = (side: Side, webhooks: SignedWebhook[], run: LoadPlan) =>
  sendSignedWebhooks({ urls: side.urls, webhooks, concurrency: run.concurrency, count: webhooks.length });

/** `durationMs` of load on one side; the CPU its processes (those alive before and after) used meanwhile. */
const loadRound = async (
  side: Side,
  webhooks: SignedWebhook[],
  run: LoadPlan,
  durationMs: number,
): Promise<Round> => {
  const before = new Map(side.groups.flatMap(groupPids).map((pid) => [pid, processCpuSeconds(pid)] as const));
  const used = () =>
    [...before].reduce((sum, [pid, start]) => {
      const now = processCpuSeconds(pid);
      return start === null || now === null ? sum : sum + (now - start);
    }, 0);
  const redisBefore = side.redisUrl === undefined ? null : await readRedisCounters(side.redisUrl);
  const figures = await sendSignedWebhooks({
    urls: side.urls,
    webhooks,
    concurrency: run.concurrency,
    durationMs,
  });
  // Work after the last answer (an evaluation still finishing, a write left for later) is the round's too: wait
  // until the side is idle, so that it neither runs into the other side's round nor goes uncounted.
  await untilIdle(used);
  const cpuSeconds = used();
  // Read after the CPU: the bench's own INFO is not the app's work.
  if (redisBefore === null || side.redisUrl === undefined) return { ...figures, cpuSeconds };
  const redis = redisPerEvent(redisBefore, await readRedisCounters(side.redisUrl), figures.handled);
  return { ...figures, cpuSeconds, redis };
};

/** Polls `used` (CPU seconds so far) every 50 ms until an interval adds less than 2 ms, at most 2 s. */
const untilIdle = async (used: () => number): Promise<void> => {
  const deadline = performance.now() + 2_000;
  let last = used();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = used();
    if (now - last < 0.002) return;
    last = now;
  }
};

/** A side's rounds as one load: events per second over their time, CPU and Redis work per event over them. */
const summed = (rounds: Round[]): LoadFigures => {
  const handled = rounds.reduce((sum, round) => sum + round.handled, 0);
  const elapsedMs = rounds.reduce((sum, round) => sum + round.elapsedMs, 0);
  const failures = rounds.flatMap((round) => round.failures).slice(0, 5);
  const redisRounds = rounds.flatMap((round) =>
    round.redis ? [{ redis: round.redis, handled: round.handled }] : [],
  );
  const figures: LoadFigures = {
    handled,
    failed: rounds.reduce((sum, round) => sum + round.failed, 0),
    failures,
    elapsedMs,
    eventsPerSecond: (1000 * handled) / Math.max(1, elapsedMs),
    cpuMsPerEvent: (rounds.reduce((sum, round) => sum + round.cpuSeconds, 0) * 1000) / Math.max(1, handled),
  };
  return redisRounds.length === 0 ? figures : { ...figures, redis: weightedRedis(redisRounds) };
};

/** Per-event Redis figures of several rounds, each weighted by the events it answered. */
const weightedRedis = (rounds: { redis: RedisPerEvent; handled: number }[]): RedisPerEvent => {
  const total = Math.max(
    1,
    rounds.reduce((sum, round) => sum + round.handled, 0),
  );
  const weigh = (pick: (redis: RedisPerEvent) => number) =>
    rounds.reduce((sum, round) => sum + pick(round.redis) * round.handled, 0) / total;
  const byCommand = new Map<string, number>();
  for (const round of rounds)
    for (const [name, calls] of round.redis.byCommand)
      byCommand.set(name, (byCommand.get(name) ?? 0) + (calls * round.handled) / total);
  return {
    commands: weigh((redis) => redis.commands),
    scripts: weigh((redis) => redis.scripts),
    reads: weigh((redis) => redis.reads),
    inputBytes: weigh((redis) => redis.inputBytes),
    byCommand: [...byCommand].sort((a, b) => b[1] - a[1]),
  };
};

/**
 * The app and the no-op side, both warmed up, loaded in turns: `rounds` rounds of `durationMs / rounds` each,
 * the side that goes first alternating, so that a spell of other work on the machine (it is shared) falls on
 * both sides instead of one. The ratio is the median of the rounds' ratios; the rest sums the rounds.
 */
export const interleavedLoad = async (options: {
  app: Side;
  noop: Side;
  webhooks: SignedWebhook[];
  run: LoadPlan;
}): Promise<{ app: LoadFigures; noop: LoadFigures; ratio: number; ratios: number[] }> => {
  const { app, noop, webhooks, run } = options;
  await warmUp(app, webhooks, run);
  await warmUp(noop, webhooks, run);
  const rounds = Math.max(1, run.rounds ?? 1);
  const each = run.durationMs / rounds;
  const appRounds: Round[] = [];
  const noopRounds: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    const appFirst = round % 2 === 0;
    for (const side of appFirst ? (['app', 'noop'] as const) : (['noop', 'app'] as const)) {
      if (side === 'app') appRounds.push(await loadRound(app, webhooks, run, each));
      else noopRounds.push(await loadRound(noop, webhooks, run, each));
    }
  }
  const ratios = appRounds.map(
    (round, index) => round.eventsPerSecond / Math.max(1e-9, (noopRounds[index] as Round).eventsPerSecond),
  );
  return { app: summed(appRounds), noop: summed(noopRounds), ratio: median(ratios), ratios };
};
