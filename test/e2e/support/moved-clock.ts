import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One clock for the app and the simulator, moved forward by a test: the app reads its offset from
 * `CHANGE_GATE_CLOCK_FILE` (`file`), the simulator takes `now`. `remove()` deletes the file's folder.
 */
export const createMovedClock = () => {
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-clock-'));
  const file = join(dir, 'clock.json');
  let offsetMs = 0;
  const write = () => writeFileSync(file, JSON.stringify({ offsetMs }));
  write();
  return {
    file,
    /** The simulator's `now`. */
    now: () => Date.now() + offsetMs,
    get offsetMs() {
      return offsetMs;
    },
    move(ms: number) {
      offsetMs += ms;
      write();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};
