/**
 * One thing the app needs before it can take traffic (`/readyz`): the history keys, a Redis connection…
 * `check` resolves when ready and throws (or rejects) with the reason when not.
 */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void> | void;
}

export interface Readiness {
  ready: boolean;
  checks: Array<{ name: string; ok: boolean; error?: string }>;
}

/** Runs every check at once, each bounded by `timeoutMs`: a hung dependency is "not ready", never a hung probe. */
export const readinessOf = async (
  checks: readonly ReadinessCheck[],
  timeoutMs = 2_000,
): Promise<Readiness> => {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(check),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { name, ok: true };
      } catch (error) {
        return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every((result) => result.ok), checks: results };
};
