import type { ThroughputFigures, ThroughputOptions } from './throughput.bench.ts';

/** The throughput part's table: each replica count's events per second against the no-op Probot app. */
export const printThroughput = (figures: ThroughputFigures, options: ThroughputOptions): void => {
  console.log(
    `\nEvents per second on the same ${figures.payloads} pre-signed webhooks (recorded change lifecycles, replayed once the changes settled), ${options.concurrency} in flight, ${options.durationMs / 1000} s each after a warm-up pass`,
  );
  console.log(
    '| replicas | app events/s | no-op Probot events/s | ratio | app GitHub calls per event | app REST writes | CPU ms per event (app / no-op) | CPU ratio (no-op / app) | failed (app / no-op) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of figures.rows) {
    console.log(
      `| ${row.replicas}${row.replicas > 1 ? ' on Redis' : ''} | ${row.app.eventsPerSecond.toFixed(1)} | ${row.noop.eventsPerSecond.toFixed(1)} | ${row.ratio.toFixed(3)} | ${row.callsPerEvent.toFixed(2)} | ${row.writes} | ${row.app.cpuMsPerEvent.toFixed(3)} / ${row.noop.cpuMsPerEvent.toFixed(3)} | ${(row.noop.cpuMsPerEvent / row.app.cpuMsPerEvent).toFixed(3)} | ${row.app.failed} / ${row.noop.failed} |`,
    );
  }
  console.log(
    "CPU ms per event: user + system CPU of the side's processes (not Redis, not the sender) during the load, per event answered; it moves much less than events/s on a loaded machine (waiting for a core costs no CPU).",
  );
  console.log(
    `Peak RSS (VmHWM) after the one-process load: app ${figures.peakRssMiB.toFixed(1)} MiB, no-op Probot app ${figures.noopPeakRssMiB.toFixed(1)} MiB (its TypeScript source: Node's type stripper included)`,
  );
  for (const row of figures.rows) {
    for (const failure of [...row.app.failures, ...row.noop.failures])
      console.log(`  failed delivery: ${failure}`);
  }
};
