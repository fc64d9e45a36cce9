/** A pure function's results for the texts it was asked about last. */
export interface RememberedByText<T> {
  /** The result for `text`, computed by `compute` the first time and remembered while recently used. */
  of(text: string, compute: () => T): T;
}

/**
 * Results of pure work on a text, kept for the texts used last (a Map in use order), bounded by their number
 * and by the texts' total length: for work an evaluation repeats on the same text, such as a pull request's
 * body read for its teams, its decision and its steps, or the app's history comments read by every
 * evaluation of a change. A text over `maxChars` alone is computed each time. Results are shared between
 * callers: keep only frozen ones.
 */
export const rememberedByText = <T>(options: { maxTexts: number; maxChars: number }): RememberedByText<T> => {
  const results = new Map<string, T>();
  let chars = 0;
  return {
    of(text, compute) {
      const known = results.get(text);
      if (known !== undefined || results.has(text)) {
        results.delete(text);
        results.set(text, known as T);
        return known as T;
      }
      const value = compute();
      if (text.length > options.maxChars) return value;
      results.set(text, value);
      chars += text.length;
      for (const oldest of results.keys()) {
        if (results.size <= options.maxTexts && chars <= options.maxChars) break;
        results.delete(oldest);
        chars -= oldest.length;
      }
      return value;
    },
  };
};
