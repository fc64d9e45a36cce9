// The app's own CPU for the Redis work of a webhook with replicas on Redis, in one process against a real
// redis-server, without the rest of the app: `node bench/redis-per-event.bench.ts [events] [src dir]`. As in the
// replay of the throughput bench: one event in two claims its delivery (the app claims only when it is about to
// act: a comment without a command, the app's own check runs and labels claim nothing; ~1.05 SETs per event
// there) and is marked handled after a turn of the event loop, one in three marks its change dirty (~0.33 marks
// per event); 8 events in flight. Prints CPU µs per event of this process (the adapters and ioredis; Redis's
// own CPU is not in it) and Redis's socket reads per event (≈ round trips). `[src dir]` measures another
// checkout's adapters (e.g. a baseline's `src/`), so that two versions are compared on the same machine
// minutes apart. Asserts nothing.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRedisServer } from '../test/support/redis-server.ts';
import { readRedisCounters, redisPerEvent } from './redis-command-stats.ts';

const events = Number(process.argv[2] ?? 20_000);
const src = resolve(process.argv[3] ?? new URL('../src', import.meta.url).pathname);
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(`${src}/${path}`).href)) as T;

const { createRedisConnection } =
  await load<typeof import('../src/redis/redis-connection.ts')>('redis/redis-connection.ts');
const { createRedisDeliveryClaims } = await load<typeof import('../src/redis/redis-delivery-claims.ts')>(
  'redis/redis-delivery-claims.ts',
);
const { createRedisDirtyChanges } = await load<typeof import('../src/redis/redis-dirty-changes.ts')>(
  'redis/redis-dirty-changes.ts',
);

const server = await startRedisServer();
const quiet = { info: () => undefined, warn: () => undefined };
const redis = createRedisConnection({ url: server.url, log: quiet });
try {
  while (!redis.up()) await new Promise((done) => setTimeout(done, 10));
  const claims = createRedisDeliveryClaims({ redis });
  const dirty = createRedisDirtyChanges({ redis });
  const turn = () => new Promise((done) => setImmediate(done));
  const run = async (count: number, offset: number) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const index = offset + next++;
        const claim = index % 2 === 0 ? await claims.claim(`delivery-${index}#0`) : null;
        await turn();
        if (index % 3 === 0) await dirty.mark(`[1,"acme","web",${index % 20}]`, `key-${index % 20}`);
        await turn();
        await claim?.done();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };
  await run(Math.min(2_000, events), 0);
  const before = await readRedisCounters(server.url);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(events, 1_000_000);
  const used = process.cpuUsage(cpu);
  const elapsed = performance.now() - started;
  // The last `handled` writes go after their delay.
  await new Promise((done) => setTimeout(done, 200));
  const perEvent = redisPerEvent(before, await readRedisCounters(server.url), events);
  console.log(
    `${src}: ${events} events, CPU ${((used.user + used.system) / events).toFixed(1)} µs per event (${(elapsed / 1000).toFixed(1)} s); Redis per event: ${perEvent.reads.toFixed(2)} socket reads, ${perEvent.inputBytes.toFixed(0)} bytes in, ${perEvent.commands.toFixed(2)} commands (${perEvent.scripts.toFixed(2)} scripts)`,
  );
} finally {
  await redis.close();
  await server.stop();
}
