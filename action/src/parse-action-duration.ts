const DURATION = /^(\d{1,7})\s*(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `10s`, `30m`, `1h`, `500ms` or a bare number of seconds, as milliseconds; a message when unreadable. */
export function parseActionDuration(options: { name: string; text: string }): number | string {
  const match = DURATION.exec(options.text.trim());
  if (!match) {
    return `input ${options.name}: "${options.text.slice(0, 40)}" is not a duration; write e.g. 10s, 30m or 1h`;
  }
  return Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
}
