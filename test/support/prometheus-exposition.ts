/** `name{labels} value` lines of the Prometheus text format, parsed (comments skipped). */
export const parseExposition = (
  text: string,
): Array<{ name: string; labels: Record<string, string>; value: number }> =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not in the exposition format: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
      );
      return { name: match[1] ?? '', labels: labels as Record<string, string>, value: Number(match[3]) };
    });
