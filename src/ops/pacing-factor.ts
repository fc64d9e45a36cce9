/** The largest factor accepted: ten times GitHub's pacing is slower than any installation needs. */
const MOST = 10;

/**
 * `CHANGE_GATE_PACING_FACTOR` (a number, `1` by default): what the pacing of each installation's writes,
 * content-creating writes and searches (GROUP_PACING) is multiplied by. `1` is GitHub's documented secondary
 * limits, for github.com; `0.1` paces ten times faster, for a GitHub Enterprise Server whose administrator
 * raised those limits, or a simulator (the project's end-to-end tests). Read once at start: a value that is not
 * a number above 0 and at most 10 stops the app, naming the setting.
 */
export const pacingFactor = (env: Record<string, string | undefined>): number => {
  const text = (env.CHANGE_GATE_PACING_FACTOR ?? '').trim();
  if (text === '') return 1;
  const factor = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(factor > 0 && factor <= MOST)) {
    throw new Error(
      `CHANGE_GATE_PACING_FACTOR: "${text.slice(0, 40)}" is not a number above 0 and at most ${MOST} (1 is GitHub's pacing, 0.1 ten times faster)`,
    );
  }
  return factor;
};
