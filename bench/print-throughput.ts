import type { ThroughputFigures, ThroughputOptions } from './throughput.bench.ts';

/** The throughput part's table: each replica count's events per second against the no-op Probot app. */
export const printThroughput = (figures: ThroughputFigures, options: ThroughputOptions): void => {
  const rounds = Math.max(1, options.rounds ?? 1);
  console.log(
    `\nEvents per second on the same ${figures.payloads} pre-signed webhooks (recorded change lifecycles, replayed once the changes settled), ${options.concurrency} in flight${options.fewInFlight === undefined ? '' : ` (the one process also with ${options.fewInFlight})`}, ${options.durationMs / 1000} s each after a warm-up pass, in ${rounds} round${rounds === 1 ? '' : 's'} of ${(options.durationMs / rounds / 1000).toFixed(1)} s with the app and the no-op app in turns (the first alternating); ratio: the median of the rounds' ratios`,
  );
  console.log(
    '| replicas | in flight | app events/s | no-op Probot events/s | ratio | app GitHub calls per event | app REST writes | CPU ms per event (app / no-op) | CPU ratio (no-op / app) | Redis commands per event (scripts) | failed (app / no-op) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of figures.rows) {
    console.log(
      `| ${row.replicas}${row.replicas > 1 ? ' on Redis' : ''} | ${row.concurrency} | ${row.app.eventsPerSecond.toFixed(1)} | ${row.noop.eventsPerSecond.toFixed(1)} | ${row.ratio.toFixed(3)} | ${row.callsPerEvent.toFixed(2)} | ${row.writes} | ${row.app.cpuMsPerEvent.toFixed(3)} / ${row.noop.cpuMsPerEvent.toFixed(3)} | ${(row.noop.cpuMsPerEvent / row.app.cpuMsPerEvent).toFixed(3)} | ${row.app.redis ? `${row.app.redis.commands.toFixed(2)} (${row.app.redis.scripts.toFixed(2)})` : '–'} | ${row.app.failed} / ${row.noop.failed} |`,
    );
  }
  console.log(
    "CPU ms per event: user + system CPU of the side's processes (not Redis, not the sender) during the load, per event answered; it moves much less than events/s on a loaded machine (waiting for a core costs no CPU).",
  );
  if (rounds > 1) {
    for (const row of figures.rows)
      console.log(
        `Ratio by round, ${row.replicas === 1 ? 'one process' : `${row.replicas} replicas`}, ${row.concurrency} in flight: ${row.ratios.map((ratio) => ratio.toFixed(3)).join(', ')}`,
      );
  }
  if (options.fewInFlight !== undefined) {
    console.log(
      `With ${options.fewInFlight} in flight the one process is not kept busy: without Redis the delivery that leads an evaluation of a change waits for it, and for the repository's lock, so each change under load holds about one of them.`,
    );
  }
  for (const row of figures.rows) {
    const { redis } = row.app;
    if (!redis) continue;
    console.log(
      `Redis per event, ${row.replicas} replicas: ${redis.reads.toFixed(2)} socket reads (≈ round trips), ${redis.inputBytes.toFixed(0)} bytes in; calls: ${redis.byCommand.map(([name, calls]) => `${name} ${calls.toFixed(2)}`).join(', ')}`,
    );
  }
  console.log(
    'Redis commands per event: what the shared redis-server executed during the load (INFO commandstats; the commands its scripts ran included), per event answered; in brackets the script calls (EVAL/EVALSHA) among them.',
  );
  console.log(
    `Peak RSS (VmHWM) after the one-process loads: app ${figures.peakRssMiB.toFixed(1)} MiB${figures.fewPeakRssMiB === null ? '' : ` (${figures.fewPeakRssMiB.toFixed(1)} MiB after the first, with ${options.fewInFlight} in flight)`}, no-op Probot app ${figures.noopPeakRssMiB.toFixed(1)} MiB (its TypeScript source: Node's type stripper included)`,
  );
  for (const row of figures.rows) {
    for (const failure of [...row.app.failures, ...row.noop.failures])
      console.log(`  failed delivery: ${failure}`);
  }
};
