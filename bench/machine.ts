import { cpus, loadavg, totalmem } from 'node:os';

/** The load averages over 1, 5 and 15 minutes: how busy the (shared) machine was. */
export const describeLoad = (): string =>
  `load average (1, 5, 15 min): ${loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')}`;

/** The machine a run was measured on, for bench/RESULTS.md. */
export const describeMachine = (): string => {
  const cores = cpus();
  return [
    `CPU: ${cores[0]?.model.trim() ?? 'unknown'}, ${cores.length} cores`,
    `RAM: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node ${process.version}, ${process.platform} ${process.arch}`,
    describeLoad(),
  ].join('; ');
};
