import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The process group of `pid` (field 5 of /proc/PID/stat, after the command name in parentheses). */
const groupOf = (pid: string): number | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]);
  } catch {
    return null; // gone meanwhile
  }
};

const cmdlineOf = (pid: string): string[] => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
};

/**
 * The pid of the node process in process group `group` whose arguments contain `argument` (the app's node
 * process under `npm start`, not npm nor the shell it starts the app with), or null.
 */
export const findNodeInGroup = (options: { group: number; argument: string }): number | null => {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || groupOf(entry) !== options.group) continue;
    const [program = '', ...args] = cmdlineOf(entry);
    if (basename(program) === 'node' && args.includes(options.argument)) return Number(entry);
  }
  return null;
};

/** Peak resident set of a running process in MiB: `VmHWM` of /proc/PID/status (Linux). */
export const peakRssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) / 1024;
};

/** Clock ticks per second of /proc/PID/stat's CPU times (`getconf CLK_TCK`: 100 on Linux x64). */
const CLOCK_TICKS = 100;

/** The processes of process group `group` now. */
export const groupPids = (group: number): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && groupOf(entry) === group)
    .map(Number);

/**
 * CPU seconds (user + system, all its threads) used so far by process `pid` (Linux), or null when it is gone.
 * On a shared, loaded machine this cost per event moves much less than events per second do: waiting for a
 * core is not counted.
 */
export const processCpuSeconds = (pid: number): number | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
};
