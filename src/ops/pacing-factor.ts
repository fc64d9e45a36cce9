/** The smallest factor accepted: a hundred times GitHub's pacing (one write every 10 ms) is pacing still. */
const LEAST = 0.01;

/**
 * `CHANGE_GATE_PACING_FACTOR` (a number, `1` by default): what the pacing of each installation's writes,
 * content-creating writes and searches (GROUP_PACING) is multiplied by. `1` is GitHub's documented secondary
 * limits, which github.com enforces: a factor under 1 is refused there (without `GHE_HOST`). `0.1` paces ten
 * times faster, for a GitHub Enterprise Server whose administrator raised those limits, or a simulator (the
 * project's end-to-end tests). Read once at start: a value that is not a number from 0.01 to 1 (or under 1
 * without `GHE_HOST`) stops the app, naming the setting.
 */
export const pacingFactor = (env: Record<string, string | undefined>): number => {
  const text = (env.CHANGE_GATE_PACING_FACTOR ?? '').trim();
  if (text === '') return 1;
  const factor = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(factor >= LEAST && factor <= 1)) {
    throw new Error(
      `CHANGE_GATE_PACING_FACTOR: "${text.slice(0, 40)}" is not a number from ${LEAST} to 1 (1 is GitHub's pacing, 0.1 ten times faster)`,
    );
  }
  if (factor < 1 && !(env.GHE_HOST ?? '').trim()) {
    throw new Error(
      `CHANGE_GATE_PACING_FACTOR: ${text} paces faster than github.com's secondary rate limits allow; a factor under 1 is for a GitHub Enterprise Server (GHE_HOST) whose administrator raised them`,
    );
  }
  return factor;
};
