import { readFileSync } from 'node:fs';

/**
 * The app's clock. `CHANGE_GATE_CLOCK_FILE` names a file holding `{"offsetMs": N}`: the app then runs N ms
 * ahead of the wall clock (read on every call), so a rehearsal or an end-to-end test can move the app past an
 * approval timeout without waiting. Only the operator sets the app's environment; an unreadable or garbled
 * file is an error, never a silent zero.
 */
export const createClock = (env: Record<string, string | undefined>): (() => Date) => {
  const file = env.CHANGE_GATE_CLOCK_FILE;
  if (!file) return () => new Date();
  return () => {
    const offset = (JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs;
    if (typeof offset !== 'number' || !Number.isFinite(offset))
      throw new Error(`CHANGE_GATE_CLOCK_FILE ${file}: offsetMs must be a number of milliseconds`);
    return new Date(Date.now() + offset);
  };
};
