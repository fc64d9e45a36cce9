import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { reportProgress } from '../../../src/cli/report-progress.ts';

/** A stream that says it is a terminal and keeps what is drawn on it. */
const fakeStream = (isTTY: boolean) => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream, text: () => chunks.join('') };
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape sequences are what is stripped
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('the report progress bar', () => {
  it('draws changes read of the searched total and the searches made on a terminal, then clears it', () => {
    const { stream, text } = fakeStream(true);
    const progress = reportProgress(stream);
    progress.update({ pages: 1, changes: 0, total: 2_500 });
    progress.update({ pages: 2, changes: 100, total: 2_500 });
    progress.stop();
    const drawn = plain(text());
    expect(drawn).toContain('Reading changes |');
    expect(drawn).toContain('0/2500 changes · 1 searches');
    // The last update is drawn when the bar stops.
    expect(drawn).toContain('100/2500 changes · 2 searches');
  });

  it('draws nothing when standard error is not a terminal', () => {
    const { stream, text } = fakeStream(false);
    const progress = reportProgress(stream);
    progress.update({ pages: 1, changes: 0, total: 10 });
    progress.update({ pages: 2, changes: 10, total: 10 });
    progress.stop();
    expect(text()).toBe('');
  });
});
