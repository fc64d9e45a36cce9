import { Redis } from 'ioredis';

/** What a redis-server had executed and read at one moment (INFO stats and commandstats). */
export interface RedisCounters {
  /** Calls per command as Redis counts them: those sent by clients and those run inside their scripts. */
  calls: Map<string, number>;
  /** Socket reads Redis processed: about one per client round trip (commands arriving together share one). */
  reads: number;
  /** Bytes Redis read from clients (script text sent with each `EVAL` included). */
  inputBytes: number;
}

/** The Redis work of a measured load, per event answered. */
export interface RedisPerEvent {
  /** Commands executed per event, inner script calls included (INFO stats' total, without the bench's INFO). */
  commands: number;
  /** Of them, script calls (`EVAL` / `EVALSHA`): each one client command. */
  scripts: number;
  /** Socket reads per event (≈ round trips). */
  reads: number;
  inputBytes: number;
  /** Calls per event by command, the most frequent first (those above 0.01 per event). */
  byCommand: [string, number][];
}

const field = (text: string, name: string): number => {
  const match = new RegExp(`^${name}:(\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
};

/** The counters of the redis-server at `url`, read over a connection of the bench's own. */
export const readRedisCounters = async (url: string): Promise<RedisCounters> => {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableReadyCheck: false });
  try {
    await client.connect();
    const text = String(await client.call('INFO', 'stats', 'commandstats'));
    const calls = new Map<string, number>();
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      calls.set(match[1] as string, Number(match[2]));
    }
    return {
      calls,
      reads: field(text, 'total_reads_processed'),
      inputBytes: field(text, 'total_net_input_bytes'),
    };
  } finally {
    client.disconnect();
  }
};

/** The counters' growth from `before` to `after`, per event; the bench's own INFO left out (the app sends none). */
export const redisPerEvent = (before: RedisCounters, after: RedisCounters, events: number): RedisPerEvent => {
  const per = (value: number) => value / Math.max(1, events);
  const grown = [...after.calls]
    .map(([name, calls]) => [name, calls - (before.calls.get(name) ?? 0)] as [string, number])
    .filter(([name, calls]) => name !== 'info' && calls > 0);
  const total = grown.reduce((sum, [, calls]) => sum + calls, 0);
  const scripts = grown
    .filter(([name]) => name === 'eval' || name === 'evalsha')
    .reduce((sum, [, calls]) => sum + calls, 0);
  return {
    commands: per(total),
    scripts: per(scripts),
    // The bench's INFO read by `after` (that of `before` was counted before it).
    reads: per(Math.max(0, after.reads - before.reads - 1)),
    inputBytes: per(after.inputBytes - before.inputBytes),
    byCommand: grown
      .map(([name, calls]): [string, number] => [name, per(calls)])
      .filter(([, value]) => value >= 0.01)
      .sort((a, b) => b[1] - a[1]),
  };
};
