import type { E2E } from '../../../sandbox/harness/start-simulator-and-app.ts';

const BOT = 'change-gate[bot]';

/** One history entry of the app's comments on a change, decoded (whatever its signature says). */
export interface PostedEntry {
  /** The comment that holds it. */
  id: number;
  body: string;
  event: string;
  data: Record<string, unknown>;
  /** The signed entry's `entry` as the marker carries it (parsed JSON: tests read whatever fields they play). */
  entry: ReturnType<typeof JSON.parse>;
}

/** The app's history entries on `repo`#`number`, in comment order (one comment may hold several). */
export const historyEntries = (e2e: E2E, repo: string, number: number): PostedEntry[] =>
  e2e.sim.read.comments({ repo, number }).flatMap((comment) => {
    if (comment.user?.login !== BOT) return [];
    return [...(comment.body ?? '').matchAll(/<!-- change-gate:history v1 (\S+) -->/g)].map((match) => {
      const { entry } = JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8'));
      return { id: comment.id, body: comment.body ?? '', event: entry.event, data: entry.data, entry };
    });
  });

/** What GitHub renders of a check run: title, summary and text, Markdown escapes removed. */
export const renderedCheck = (
  run: { output: { title?: string | null; summary?: string | null; text?: string | null } } | undefined,
): string =>
  [run?.output.title, run?.output.summary, run?.output.text]
    .join('\n')
    .replace(/\\(.)/g, '$1')
    .replaceAll('&#64;', '@');
